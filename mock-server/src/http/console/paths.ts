/** Every console URL in one place (all under /__sandbox/, beside the JSON API under /__sandbox/api/). */
const enc = encodeURIComponent;

export const ROOT = '/__sandbox';

export type AppSection =
  | 'credentials'
  | 'members'
  | 'capabilities'
  | 'webapp'
  | 'permissions'
  | 'events'
  | 'security'
  | 'release'
  | 'report';

export const paths = {
  root: `${ROOT}/`,
  login: `${ROOT}/login`,
  logout: `${ROOT}/logout`,
  switch: `${ROOT}/switch`,
  tenants: `${ROOT}/tenants`,
  scenarios: `${ROOT}/scenarios`,
  scenario: (id: string) => `${ROOT}/scenarios#${enc(id)}`,
  tenant: (corpId: string) => `${ROOT}/tenants/${enc(corpId)}`,
  apps: (corpId: string) => `${ROOT}/tenants/${enc(corpId)}/apps`,
  app: (corpId: string, appKey: string, section: AppSection = 'credentials') =>
    `${ROOT}/tenants/${enc(corpId)}/apps/${enc(appKey)}/${section}`,
  directory: (corpId: string) => `${ROOT}/tenants/${enc(corpId)}/directory`,
  user: (corpId: string, userid: string) => `${ROOT}/tenants/${enc(corpId)}/directory/users/${enc(userid)}`,
  journal: (corpId: string) => `${ROOT}/tenants/${enc(corpId)}/journal`,
  flows: (corpId: string) => `${ROOT}/tenants/${enc(corpId)}/flows`,
  faults: (corpId: string) => `${ROOT}/tenants/${enc(corpId)}/faults`,
  stubs: (corpId: string) => `${ROOT}/tenants/${enc(corpId)}/stubs`,
  clock: (corpId: string) => `${ROOT}/tenants/${enc(corpId)}/clock`,
  permissions: (corpId: string) => `${ROOT}/tenants/${enc(corpId)}/permissions`,
  inbox: (corpId: string) => `${ROOT}/tenants/${enc(corpId)}/inbox`,
  chat: (corpId: string, openConversationId: string) =>
    `${ROOT}/tenants/${enc(corpId)}/chats/${enc(openConversationId)}`,
  media: (corpId: string, mediaId: string) => `${ROOT}/tenants/${enc(corpId)}/media/${enc(mediaId)}`,
  phone: (corpId: string) => `${ROOT}/tenants/${enc(corpId)}/phone`,
  events: (corpId: string) => `${ROOT}/tenants/${enc(corpId)}/events`,
  apiExport: (corpId: string) => `${ROOT}/api/tenants/${enc(corpId)}/export?download=1`,
};

/** A URL with query parameters; empty values are left out. */
export function withQuery(path: string, q: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q))
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}
