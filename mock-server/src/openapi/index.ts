/**
 * The OpenAPI 3.1 document of the sandbox: the emulated DingTalk hosts (from the route tables) and
 * the admin API (from admin.ts), generated from the zod schemas (decision 0023). Served at
 * GET /__sandbox/api/openapi.json and printed by `dingtalk-sandbox openapi`; built once per route
 * table and kept.
 */
import { packageVersion } from '../config/version.ts';
import type { RouteDef } from '../http/route.ts';
import { ADMIN_SECURITY, ADMIN_SECURITY_SCHEMES, adminPaths } from './admin.ts';
import { dingtalkPaths, HOST_NAMES, SANDBOX_SERVER, SECURITY_SCHEMES } from './dingtalk.ts';
import { envelopeComponents } from './envelopes.ts';

export function openApiDocument(routes: readonly RouteDef[], version = packageVersion()) {
  const { schemas, responses } = envelopeComponents();
  const dingtalk = dingtalkPaths(routes);
  return {
    openapi: '3.1.1',
    info: {
      title: 'dingtalk-sandbox',
      version,
      summary:
        'A local DingTalk (钉钉) open platform: DingTalk’s hosts as the sandbox emulates them, and its admin API',
      description: [
        'DingTalk’s endpoints keep their real paths, envelopes, error codes and Chinese messages; each',
        'path lists its DingTalk host and the sandbox’s base URL, which answers all three hosts. The',
        'permission point (权限点) a route needs is its x-dingtalk-scope. The admin API',
        '(/__sandbox/api) answers loopback callers, or callers with the admin token when one is set;',
        'its refusals are {error: {code, message}} with a 4xx.',
      ].join(' '),
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [SANDBOX_SERVER],
    tags: [
      ...Object.values(HOST_NAMES).map((name) => ({ name, description: `DingTalk’s ${name}` })),
      ...['sandbox', 'tenants', 'apps', 'directory', 'faults', 'logins', 'client', 'messaging'].map((t) => ({
        name: `admin: ${t}`,
      })),
    ],
    security: ADMIN_SECURITY,
    paths: { ...dingtalk.paths, ...adminPaths() },
    components: {
      schemas: { ...schemas, ...dingtalk.schemas },
      responses,
      securitySchemes: { ...SECURITY_SCHEMES, ...ADMIN_SECURITY_SCHEMES },
    },
  };
}

export type OpenApiDocument = ReturnType<typeof openApiDocument>;

const built = new WeakMap<readonly RouteDef[], string>();

/** The document as JSON text, generated on first use for this route table and kept. */
export function openApiJson(routes: readonly RouteDef[]): string {
  let json = built.get(routes);
  if (json === undefined) {
    json = `${JSON.stringify(openApiDocument(routes), null, 2)}\n`;
    built.set(routes, json);
  }
  return json;
}
