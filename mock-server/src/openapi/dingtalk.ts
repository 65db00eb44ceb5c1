/**
 * The emulated DingTalk surface as OpenAPI paths, one operation per route of the route tables
 * (operationId = route id): its host (a tag, and the path's servers: DingTalk's own host and the
 * sandbox's base URL, which answers every host), its parameters from route.params (or
 * dingtalk-by-hand.ts), its access token, its permission point (x-dingtalk-scope) and its envelope.
 */
import type * as z from 'zod';
import type { Host, RouteDef } from '../http/route.ts';
import { BY_HAND, type ByHand, type PageAnswer } from './dingtalk-by-hand.ts';
import { API_ERROR_STATUSES } from './envelopes.ts';
import { inputSchema, type JsonSchema } from './json-schema.ts';

type DingTalkHost = Exclude<Host, 'admin'>;

export const HOST_NAMES: Readonly<Record<DingTalkHost, string>> = {
  oapi: 'oapi.dingtalk.com',
  api: 'api.dingtalk.com',
  login: 'login.dingtalk.com',
};

export const SANDBOX_SERVER = {
  url: '{base}',
  description: 'the sandbox, which answers every DingTalk host on one base URL',
  variables: { base: { default: 'http://127.0.0.1:3700' } },
};

/** @koa/router's `/v1.0/contact/users/:unionId` as OpenAPI's `/v1.0/contact/users/{unionId}`. */
export function openApiPath(koaPath: string): string {
  if (/[*{}()?+]/.test(koaPath)) throw new Error(`openapi: no OpenAPI form for the path ${koaPath}`);
  return koaPath.replace(/:(\w+)/g, '{$1}');
}

export function pathParameters(path: string) {
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
}

/** An object schema's fields as query parameters. */
export function queryParameters(schema: z.ZodType) {
  const json = inputSchema(schema);
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, s]) => {
    const { description, ...rest } = s;
    return {
      name,
      in: 'query',
      required: required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

function security(route: RouteDef) {
  if (route.auth === 'none') return [];
  if (route.auth === 'userToken') return [{ userAccessToken: [] }];
  return [{ [route.host === 'oapi' ? 'legacyAccessToken' : 'appAccessToken']: [] }];
}

const PAGE_RESPONSES: Record<PageAnswer, Record<string, unknown>> = {
  html: { '200': { description: 'an HTML page', content: { 'text/html': { schema: { type: 'string' } } } } },
  script: {
    '200': { description: 'a script', content: { 'application/javascript': { schema: { type: 'string' } } } },
  },
  file: {
    '200': { description: 'the file’s bytes', content: { 'application/octet-stream': { schema: {} } } },
    '403': { description: 'the link expired', content: { 'text/plain': { schema: { type: 'string' } } } },
    '404': { description: 'no such link', content: { 'text/plain': { schema: { type: 'string' } } } },
  },
  redirect: {
    '302': { description: 'a redirect (Location)' },
    '303': { description: 'a redirect after a form (Location)' },
  },
};

function responses(route: RouteDef, hand: ByHand | undefined) {
  if (route.page) {
    return Object.assign({}, ...(hand?.answers ?? ['html', 'redirect']).map((a) => PAGE_RESPONSES[a]));
  }
  if (route.host === 'oapi') {
    const ref = route.style === 'topapi' ? 'LegacyTopapi' : 'LegacyPlain';
    return { '200': { $ref: `#/components/responses/${ref}` } };
  }
  // The new host, and the login host's JSON endpoints (middleware/envelope.ts).
  return {
    '200': { $ref: '#/components/responses/ApiSuccess' },
    ...Object.fromEntries(
      API_ERROR_STATUSES.map((s) => [String(s), { $ref: `#/components/responses/ApiError${s}` }]),
    ),
  };
}

/**
 * How a POST body may come — the new host takes JSON only; the legacy and login hosts forms too
 * (urlencoded and multipart: media/upload's file, ZenTao's form posts) — with its schema kept in
 * components.schemas under the route id.
 */
function requestBody(route: RouteDef, schema: z.ZodType, schemas: Record<string, JsonSchema>) {
  const json = inputSchema(schema);
  schemas[route.id] = json;
  const ref = { $ref: `#/components/schemas/${route.id}` };
  const types =
    route.host === 'api'
      ? ['application/json']
      : ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'];
  const required = Array.isArray(json.required) && json.required.length > 0;
  return { required, content: Object.fromEntries(types.map((t) => [t, { schema: ref }])) };
}

function describe(route: RouteDef, hand: ByHand | undefined): string {
  const lines = [
    `${route.method} https://${HOST_NAMES[route.host as DingTalkHost]}${openApiPath(route.path)}`,
  ];
  if (route.auth === 'appToken') {
    lines.push(
      route.host === 'oapi'
        ? 'Corp access token: the access_token query parameter (gettoken).'
        : 'Corp access token: the x-acs-dingtalk-access-token header (oauth2/accessToken).',
    );
  }
  if (route.auth === 'userToken')
    lines.push('User access token (oauth2/userAccessToken) in x-acs-dingtalk-access-token.');
  if ('scope' in route && route.scope) lines.push(`Permission point (权限点): ${route.scope}.`);
  if (route.host === 'oapi' && route.method === 'POST' && route.params) {
    lines.push('The legacy host also reads these fields from the query string.');
  }
  if (hand?.note) lines.push(hand.note);
  if (!route.params && hand) lines.push('(Parameters described by hand: the route has no schema.)');
  return lines.join('\n\n');
}

function operation(route: RouteDef, schemas: Record<string, JsonSchema>) {
  const hand = BY_HAND[route.id];
  if (!route.params && !hand) {
    throw new Error(
      `openapi: route ${route.id} has neither a params schema nor an entry in openapi/dingtalk-by-hand.ts`,
    );
  }
  const path = openApiPath(route.path);
  const parameters: unknown[] = pathParameters(path);
  let body: unknown;
  if (route.params) {
    if (route.method === 'GET') parameters.push(...queryParameters(route.params));
    else body = requestBody(route, route.params, schemas);
  } else {
    if (hand?.query) parameters.push(...queryParameters(hand.query));
    if (hand?.body) body = requestBody(route, hand.body, schemas);
  }
  return {
    operationId: route.id,
    tags: [HOST_NAMES[route.host as DingTalkHost]],
    description: describe(route, hand),
    ...('scope' in route && route.scope ? { 'x-dingtalk-scope': route.scope } : {}),
    security: security(route),
    ...(parameters.length ? { parameters } : {}),
    ...(body ? { requestBody: body } : {}),
    responses: responses(route, hand),
  };
}

/**
 * `paths` entries for the route tables, each path item served by its DingTalk host and the sandbox,
 * and the request bodies' schemas (components.schemas, by route id).
 */
export function dingtalkPaths(routes: readonly RouteDef[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas: Record<string, JsonSchema> = {};
  for (const route of routes) {
    if (route.host === 'admin') continue;
    const path = openApiPath(route.path);
    const item = (paths[path] ??= {
      servers: [{ url: `https://${HOST_NAMES[route.host]}`, description: 'DingTalk' }, SANDBOX_SERVER],
    });
    const method = route.method.toLowerCase();
    if (item[method]) throw new Error(`openapi: two routes for ${route.method} ${route.path}`);
    item[method] = operation(route, schemas);
  }
  return { paths, schemas };
}

export const SECURITY_SCHEMES = {
  legacyAccessToken: {
    type: 'apiKey',
    in: 'query',
    name: 'access_token',
    description: 'oapi.dingtalk.com: the corp access token from GET /gettoken',
  },
  appAccessToken: {
    type: 'apiKey',
    in: 'header',
    name: 'x-acs-dingtalk-access-token',
    description: 'api.dingtalk.com: the corp access token from POST /v1.0/oauth2/accessToken',
  },
  userAccessToken: {
    type: 'apiKey',
    in: 'header',
    name: 'x-acs-dingtalk-access-token',
    description: 'api.dingtalk.com: a user access token from POST /v1.0/oauth2/userAccessToken',
  },
};
