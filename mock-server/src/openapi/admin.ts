/**
 * The admin API (/__sandbox/api/**, plus /__sandbox/health) as OpenAPI paths. The routers in
 * http/admin/ register these operations; this table names each one once, in the routers' own path
 * syntax, with its request body (the zod schema the router parses it with) or its query. Bodies the
 * routers read without a schema (tenant import, the QR scan) are described here by hand and say so.
 * test/contract/openapi.test.ts holds this table and the routers to the same list.
 */
import * as z from 'zod';
import { faultRuleInput } from '../faults/rule.ts';
import { stubInput } from '../domain/stubs/stub.ts';
import { createAppBody, scopeBody, updateAppBody } from '../http/admin/app-ops.ts';
import { codeSchema, invokeSchema } from '../http/admin/client.ts';
import {
  createDeptBody,
  createUserBody,
  updateDeptBody,
  updateUserBody,
} from '../http/admin/directory-ops.ts';
import { quitChatBody } from '../http/admin/messaging.ts';
import { createRobotBody } from '../http/admin/robot-ops.ts';
import { personMessageBody } from '../http/admin/bots.ts';
import { cardListQuery, cardPressBody, cardSettingsBody } from '../http/admin/cards.ts';
import { subscriptionBody } from '../events/register.ts';
import { clockBody, createTenantBody, snapshotBody } from '../http/admin/tenant-ops.ts';
import { inputSchema } from './json-schema.ts';
import { openApiPath, pathParameters, queryParameters } from './dingtalk.ts';

export interface AdminOp {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** As the admin router registers it, below /__sandbox. */
  path: string;
  summary: string;
  body?: z.ZodType;
  /** The body is described here, not parsed by a schema in the router. */
  bodyByHand?: boolean;
  query?: z.ZodObject;
  /** The success status: 200 unless said. */
  status?: 201 | 204;
  tag?: string;
}

const num = () => z.string().regex(/^-?\d+(\.\d+)?$/);

const ops = (tag: string, list: Omit<AdminOp, 'tag'>[]): AdminOp[] => list.map((op) => ({ ...op, tag }));

export const ADMIN_OPERATIONS: readonly AdminOp[] = [
  ...ops('sandbox', [
    { method: 'GET', path: '/health', summary: 'Health check: {ok, tenants}' },
    { method: 'GET', path: '/api/openapi.json', summary: 'This document' },
    {
      method: 'GET',
      path: '/api/routes',
      summary: 'Every DingTalk route id (for fault rules and the journal)',
    },
  ]),
  ...ops('tenants', [
    { method: 'GET', path: '/api/tenants', summary: 'List tenants with their apps and credentials' },
    {
      method: 'POST',
      path: '/api/tenants',
      summary: 'Create an isolated tenant (default snapshot, a named snapshot, or generated users)',
      body: createTenantBody,
      status: 201,
    },
    { method: 'GET', path: '/api/tenants/:corpId', summary: 'One tenant' },
    { method: 'DELETE', path: '/api/tenants/:corpId', summary: 'Delete a tenant', status: 204 },
    { method: 'POST', path: '/api/tenants/:corpId/reset', summary: 'Back to the state it was created with' },
    {
      method: 'GET',
      path: '/api/tenants/:corpId/export',
      summary: 'The whole tenant as JSON (import it back for an identical tenant)',
      query: z.object({ download: z.literal('1').optional().describe('save as a file') }),
    },
    {
      method: 'POST',
      path: '/api/tenants/import',
      summary: 'Load an exported tenant',
      body: z
        .looseObject({ corpId: z.string(), apps: z.array(z.unknown()) })
        .describe('GET …/export’s answer'),
      bodyByHand: true,
      query: z.object({ fresh: z.literal('true').optional().describe('give it new identities') }),
      status: 201,
    },
    {
      method: 'POST',
      path: '/api/snapshots',
      summary: 'Keep a tenant’s state under a name',
      body: snapshotBody,
      status: 201,
    },
    { method: 'GET', path: '/api/snapshots', summary: 'Named snapshots' },
    { method: 'GET', path: '/api/tenants/:corpId/clock', summary: 'The tenant’s clock' },
    {
      method: 'POST',
      path: '/api/tenants/:corpId/clock',
      summary: 'Move, set, freeze or reset the tenant’s clock',
      body: clockBody,
    },
    {
      method: 'GET',
      path: '/api/tenants/:corpId/journal',
      summary: 'The tenant’s journal of DingTalk calls',
      query: z.object({
        since: num().optional().describe('entries after this sequence number'),
        sinceAt: num().optional().describe('entries at or after this time (ms)'),
        route: z.string().optional().describe('a route id'),
        outcome: z.enum(['ok', 'refused', 'fault', 'error']).optional(),
        limit: num().optional(),
      }),
    },
  ]),
  ...ops('apps', [
    { method: 'GET', path: '/api/tenants/:corpId/apps', summary: 'The tenant’s apps' },
    {
      method: 'POST',
      path: '/api/tenants/:corpId/apps',
      summary: '创建应用',
      body: createAppBody,
      status: 201,
    },
    { method: 'GET', path: '/api/tenants/:corpId/apps/:appKey', summary: 'One app' },
    {
      method: 'PATCH',
      path: '/api/tenants/:corpId/apps/:appKey',
      summary: 'Update an app (web app, redirect URLs, scopes, IP list, visible range …)',
      body: updateAppBody,
    },
    { method: 'DELETE', path: '/api/tenants/:corpId/apps/:appKey', summary: 'Delete an app', status: 204 },
    { method: 'POST', path: '/api/tenants/:corpId/apps/:appKey/secret/reset', summary: '重置 AppSecret' },
    {
      method: 'POST',
      path: '/api/tenants/:corpId/apps/:appKey/scopes',
      summary: '权限管理: grant a permission point',
      body: scopeBody,
    },
    {
      method: 'DELETE',
      path: '/api/tenants/:corpId/apps/:appKey/scopes/:scope',
      summary: '权限管理: revoke a permission point',
    },
    {
      method: 'GET',
      path: '/api/tenants/:corpId/apps/:appKey/permissions',
      summary: 'The minimal-permission report: needed, granted, missing, unused',
    },
    {
      method: 'POST',
      path: '/api/tenants/:corpId/apps/:appKey/jsapi-ticket/rotate',
      summary: 'Re-issue the app’s jsapi ticket now (X5)',
    },
  ]),
  ...ops('directory', [
    { method: 'GET', path: '/api/tenants/:corpId/departments', summary: 'Every department' },
    {
      method: 'POST',
      path: '/api/tenants/:corpId/departments',
      summary: 'Add a department',
      body: createDeptBody,
      status: 201,
    },
    {
      method: 'PATCH',
      path: '/api/tenants/:corpId/departments/:deptId',
      summary: 'Edit a department',
      body: updateDeptBody,
    },
    {
      method: 'DELETE',
      path: '/api/tenants/:corpId/departments/:deptId',
      summary: 'Delete a department',
      status: 204,
    },
    {
      method: 'GET',
      path: '/api/tenants/:corpId/users',
      summary: 'A page of users',
      query: z.object({
        dept: num().optional(),
        q: z.string().optional().describe('name or userid'),
        cursor: num().optional(),
        limit: num().optional().describe('at most 500'),
      }),
    },
    { method: 'GET', path: '/api/tenants/:corpId/users/:userid', summary: 'One user' },
    {
      method: 'POST',
      path: '/api/tenants/:corpId/users',
      summary: 'Add a user',
      body: createUserBody,
      status: 201,
    },
    {
      method: 'PATCH',
      path: '/api/tenants/:corpId/users/:userid',
      summary: 'Edit a user ({resigned: true} is 离职)',
      body: updateUserBody,
    },
    { method: 'DELETE', path: '/api/tenants/:corpId/users/:userid', summary: 'Delete a user', status: 204 },
  ]),
  ...ops('faults', [
    {
      method: 'GET',
      path: '/api/tenants/:corpId/faults',
      summary: 'Fault rules with hit counts and explanations',
    },
    {
      method: 'POST',
      path: '/api/tenants/:corpId/faults',
      summary: 'Add a fault rule',
      body: faultRuleInput,
      status: 201,
    },
    {
      method: 'DELETE',
      path: '/api/tenants/:corpId/faults/:id',
      summary: 'Remove a fault rule',
      status: 204,
    },
    {
      method: 'DELETE',
      path: '/api/tenants/:corpId/faults',
      summary: 'Remove every fault rule',
      status: 204,
    },
  ]),
  ...ops('stubs', [
    {
      method: 'GET',
      path: '/api/tenants/:corpId/stubs',
      summary: 'Stubs for endpoints the sandbox does not emulate, with hit counts',
    },
    {
      method: 'POST',
      path: '/api/tenants/:corpId/stubs',
      summary: 'Add a stub (answered on its host as route stub:<id>; docs/stubs.md)',
      body: stubInput,
      status: 201,
    },
    { method: 'DELETE', path: '/api/tenants/:corpId/stubs/:id', summary: 'Remove a stub', status: 204 },
    { method: 'DELETE', path: '/api/tenants/:corpId/stubs', summary: 'Remove every stub', status: 204 },
  ]),
  ...ops('logins', [
    {
      method: 'GET',
      path: '/api/tenants/:corpId/qr',
      summary: 'Pending QR login sessions, newest first',
      query: z.object({ all: z.string().optional().describe('any value: every session, not only pending') }),
    },
    { method: 'GET', path: '/api/tenants/:corpId/qr/:sid', summary: 'One QR login session' },
    {
      method: 'POST',
      path: '/api/tenants/:corpId/qr/:sid/scan',
      summary: 'Scan the QR code as a user (the phone)',
      body: z.object({ userid: z.string() }),
      bodyByHand: true,
    },
    {
      method: 'POST',
      path: '/api/tenants/:corpId/qr/:sid/confirm',
      summary: 'Confirm the login (the phone)',
    },
    { method: 'POST', path: '/api/tenants/:corpId/qr/:sid/cancel', summary: 'Cancel the login (the phone)' },
    {
      method: 'POST',
      path: '/api/tenants/:corpId/inapp-codes',
      summary: 'An in-app 免登 code for a user and app, without a browser',
      body: codeSchema,
      status: 201,
    },
  ]),
  ...ops('client', [
    {
      method: 'POST',
      path: '/api/client/invoke',
      summary: 'One bridge call of a DingTalk client session, answered as the native side would',
      body: invokeSchema,
    },
    {
      method: 'GET',
      path: '/api/client/session',
      summary: 'Whether a client session (corp, app, user) exists',
      query: codeSchema.extend({ corpId: z.string().min(1) }),
    },
  ]),
  ...ops('bots', [
    {
      method: 'GET',
      path: '/api/tenants/:corpId/bots',
      summary: 'Bots (apps with the robot capability), their Stream connections and pending callbacks',
    },
    {
      method: 'POST',
      path: '/api/tenants/:corpId/bots/:robotCode/messages',
      summary:
        'A person writes to a bot (text, or a picture/file/audio/video by mediaId or base64 bytes): the message lands in the chat and, one-to-one or with @bot, is pushed on /v1.0/im/bot/messages/get',
      body: personMessageBody,
      status: 201,
    },
    {
      method: 'GET',
      path: '/api/tenants/:corpId/bots/:robotCode/conversations/:conversationId/replies',
      summary: 'What the bot said in a conversation (its chat): sessionWebhook replies and cards',
    },
    {
      method: 'GET',
      path: '/api/tenants/:corpId/bots/:robotCode/chats',
      summary: 'The chats a bot is in: groups it was added to and its one-to-one chats',
    },
  ]),
  ...ops('cards', [
    {
      method: 'GET',
      path: '/api/tenants/:corpId/cards',
      summary: 'Card instances with their current data, status and spaces (newest first)',
      query: cardListQuery,
    },
    { method: 'GET', path: '/api/tenants/:corpId/cards/:outTrackId', summary: 'One card instance' },
    {
      method: 'POST',
      path: '/api/tenants/:corpId/cards/:outTrackId/press',
      summary:
        'A person presses a button on the card: the callback on /v1.0/card/instances/callback over its app’s Stream connection; the ack’s response updates the card',
      body: cardPressBody,
      status: 201,
    },
    {
      method: 'GET',
      path: '/api/tenants/:corpId/card-settings',
      summary: 'Card settings (QPS per app and API, monthly quota, templates) and this month’s card calls',
    },
    {
      method: 'PATCH',
      path: '/api/tenants/:corpId/card-settings',
      summary: 'Change the card settings',
      body: cardSettingsBody,
    },
  ]),
  ...ops('messaging', [
    { method: 'GET', path: '/api/tenants/:corpId/inbox', summary: 'Every inbox, with unread counts' },
    { method: 'GET', path: '/api/tenants/:corpId/inbox/:userid', summary: 'A user’s work notifications' },
    {
      method: 'POST',
      path: '/api/tenants/:corpId/inbox/:userid/:messageId/read',
      summary: 'Mark a message read',
    },
    { method: 'GET', path: '/api/tenants/:corpId/robots', summary: 'Custom group robots' },
    {
      method: 'POST',
      path: '/api/tenants/:corpId/robots',
      summary: 'Add a custom group robot',
      body: createRobotBody,
      status: 201,
    },
    {
      method: 'GET',
      path: '/api/tenants/:corpId/robots/:robotId/messages',
      summary: 'What a robot sent',
    },
    { method: 'GET', path: '/api/tenants/:corpId/chats', summary: 'Group chats' },
    {
      method: 'GET',
      path: '/api/tenants/:corpId/chats/:openConversationId/messages',
      summary: 'A group’s messages',
    },
    {
      method: 'POST',
      path: '/api/tenants/:corpId/chats/:chatid/quit',
      summary: 'A person leaves a group (群会话用户主动退群): chat_quit for the apps that subscribe',
      body: quitChatBody,
    },
  ]),
  ...ops('events', [
    {
      method: 'GET',
      path: '/api/tenants/:corpId/events',
      summary: 'Recent directory events, each with every delivery attempt and why it failed',
      query: z.object({ limit: z.number().int().min(1).max(500).optional() }),
    },
    {
      method: 'GET',
      path: '/api/tenants/:corpId/apps/:appKey/event-subscription',
      summary: 'An app’s event subscription (secrets masked)',
    },
    {
      method: 'POST',
      path: '/api/tenants/:corpId/apps/:appKey/event-subscription',
      summary: 'Subscribe an app to events: Stream, or HTTP once its URL passes the check_url handshake',
      body: subscriptionBody,
    },
    {
      method: 'DELETE',
      path: '/api/tenants/:corpId/apps/:appKey/event-subscription',
      summary: 'Stop an app’s event subscription',
      status: 204,
    },
  ]),
];

function adminOperation(op: AdminOp, path: string) {
  const parameters = [...pathParameters(path), ...(op.query ? queryParameters(op.query) : [])];
  const status = String(op.status ?? 200);
  return {
    operationId: `admin.${op.method.toLowerCase()}.${op.path
      .replace(/^\/(api\/)?/, '')
      .replace(/[/:]+/g, '.')
      .replace(/\.$/, '')}`,
    tags: [`admin: ${op.tag ?? 'sandbox'}`],
    summary: op.summary,
    ...(op.bodyByHand
      ? { description: 'The body is described by hand: the router reads it without a schema.' }
      : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(op.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: inputSchema(op.body) } } } }
      : {}),
    responses: {
      [status]:
        status === '204'
          ? { description: 'done' }
          : { description: 'JSON', content: { 'application/json': { schema: { type: 'object' } } } },
      '4XX': { $ref: '#/components/responses/AdminRefusal' },
    },
  };
}

export function adminPaths(): Record<string, Record<string, unknown>> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of ADMIN_OPERATIONS) {
    const path = openApiPath(`/__sandbox${op.path}`);
    const item = (paths[path] ??= {});
    const method = op.method.toLowerCase();
    if (item[method]) throw new Error(`openapi: two admin operations for ${op.method} ${op.path}`);
    item[method] = adminOperation(op, path);
  }
  return paths;
}

/** Loopback without a token by default; with `serve --admin-token`, one of these. */
export const ADMIN_SECURITY = [{}, { adminBearer: [] }, { adminTokenHeader: [] }];

export const ADMIN_SECURITY_SCHEMES = {
  adminBearer: { type: 'http', scheme: 'bearer', description: 'the sandbox’s admin token, when one is set' },
  adminTokenHeader: { type: 'apiKey', in: 'header', name: 'x-sandbox-admin-token' },
};
