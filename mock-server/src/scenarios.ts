/**
 * The scenario catalogue (shared/scenarios.md) by id: what the conformance suite covers, what the
 * report table lists, what the console links refusals to. Ids are stable.
 */
export interface Scenario {
  id: string;
  group: 'setup' | 'login' | 'errors' | 'beyond' | 'messaging' | 'sync';
  title: string;
}

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'S1',
    group: 'setup',
    title: 'Create an internal app, add the web-app capability, read its credentials',
  },
  {
    id: 'S2',
    group: 'setup',
    title: 'BI: configure the micro-app, test connection, save; the URLs to copy are shown',
  },
  {
    id: 'S3',
    group: 'setup',
    title: 'Console: home URLs, redirect URL, permission points; BI: enable DingTalk',
  },
  { id: 'S4', group: 'setup', title: "BI: set a user's 钉钉账号 to the DingTalk UserID" },
  { id: 'L1', group: 'login', title: 'Web QR login, new generation' },
  { id: 'L2', group: 'login', title: 'Web QR login, legacy generation' },
  { id: 'L3', group: 'login', title: 'Default login method = DingTalk' },
  { id: 'L4', group: 'login', title: 'In-app password-free login, DingTalk PC client' },
  { id: 'L5', group: 'login', title: 'In-app password-free login, DingTalk mobile client (iOS and Android)' },
  {
    id: 'L6',
    group: 'login',
    title: 'In-app login through the authorize page inside the client (prompt=consent)',
  },
  { id: 'L7', group: 'login', title: 'Sign out, then sign in as a different DingTalk user' },
  { id: 'E1', group: 'errors', title: 'QR login while the app lacks qyapi_get_member' },
  { id: 'E2', group: 'errors', title: 'QR login as a DingTalk user bound to no BI user (bindKey)' },
  { id: 'E3', group: 'errors', title: "QR login while the BI's domain is not a redirect URL" },
  {
    id: 'E4',
    group: 'errors',
    title: 'In-app authorisation with a wrong redirect_uri or app id: blank page',
  },
  {
    id: 'E5',
    group: 'errors',
    title: 'In-app code of another app, reused or older than 5 minutes: 不存在的临时授权码',
  },
  {
    id: 'X1',
    group: 'beyond',
    title: 'Test connection with a wrong secret, an unknown AppKey, or DingTalk unreachable',
  },
  { id: 'X2', group: 'beyond', title: 'Access token expiry and re-issue' },
  { id: 'X3', group: 'beyond', title: 'Rate limiting, 5xx, timeouts and connection resets' },
  { id: 'X4', group: 'beyond', title: 'User outside the visible range, or who has left the company' },
  {
    id: 'X5',
    group: 'beyond',
    title: 'JSAPI dd.config signature: 52013 on a stale ticket or a different URL',
  },
  { id: 'X6', group: 'beyond', title: 'IP allow-list: 60020 naming the caller' },
  { id: 'M1', group: 'messaging', title: 'Subscription pushes a work notification to bound recipients' },
  { id: 'M2', group: 'messaging', title: 'Alert fires on a threshold; unbound recipients listed as skipped' },
  {
    id: 'M3',
    group: 'messaging',
    title: 'Alerts to a signed group robot; wrong signature or stale timestamp',
  },
  {
    id: 'M4',
    group: 'messaging',
    title: 'Sending without permission, outside the visible range, or throttled',
  },
  { id: 'A1', group: 'sync', title: 'Sync departments and users, all pages; re-running changes nothing' },
  { id: 'A2', group: 'sync', title: 'Sync while a department scope is missing: nothing half-written' },
  { id: 'A3', group: 'sync', title: 'A user changed or removed between two syncs' },
];

export const SCENARIO_IDS: readonly string[] = SCENARIOS.map((s) => s.id);

/** Scenario ids named in a test title, e.g. "E5 returns 40078 …" or "[L4, L5] …". */
export function scenarioIdsIn(title: string): string[] {
  const found = title.match(/\b[SLEXMA]\d\b/g) ?? [];
  return [...new Set(found.filter((id) => SCENARIO_IDS.includes(id)))];
}
