/**
 * The config file (`dingtalk-sandbox.config.json` / `.yaml`): serve options and the tenants to start
 * with. Every tenant's part is validated by the admin API's own schemas (apps, users, departments,
 * robots, fault rules), so a file and a POST are refused for the same reasons, in the same words.
 */
import * as z from 'zod';
import { stubInput } from '../domain/stubs/stub.ts';
import { faultRuleInput } from '../faults/rule.ts';
import { updateAppBody } from '../http/admin/app-ops.ts';
import { createDeptBody, createUserBody } from '../http/admin/directory-ops.ts';
import { createRobotBody } from '../http/admin/robot-ops.ts';
import { createTenantBody } from '../http/admin/tenant-ops.ts';
import { eventsConfig } from './events.ts';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** An identity a client's configuration names (corpId, AppKey, AppSecret, robot token): no spaces. */
const credential = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9_.=+/-]+$/, 'letters, digits and _ . = + / - only');

/** An app as the developer console has it: credentials fixed by the file, the rest as PUT …/apps/:appKey. */
export const appConfig = updateAppBody
  .extend({
    name: z.string().trim().min(1).max(20),
    /** AppKey (Client ID); generated when absent (then it changes on every start). */
    appKey: credential(64).optional().describe('AppKey (Client ID); generated on every start when absent'),
    /** AppSecret (Client Secret); generated when absent. */
    appSecret: credential(128)
      .optional()
      .describe('AppSecret (Client Secret); generated on every start when absent'),
    agentId: z.number().int().positive().optional().describe('AgentId; generated when absent'),
    events: eventsConfig
      .optional()
      .describe(
        '事件订阅: as POST …/apps/{appKey}/event-subscription takes it; HTTP is registered without check_url unless verify is true (docs/config.md)',
      ),
  })
  .strict();

export const robotConfig = createRobotBody
  .extend({
    /** The webhook's access_token; generated when absent. */
    accessToken: credential(128)
      .optional()
      .describe("the webhook's access_token; generated on every start when absent"),
  })
  .strict();

export const tenantConfig = z
  .object({
    /** The corp's id; generated when absent (then it changes on every start). */
    corpId: credential(64).optional().describe('the corp id; generated on every start when absent'),
    name: z.string().trim().min(1).max(100).optional(),
    /**
     * Who works there before `departments` and `users` are added: "default" — the committed default
     * tenant's ~60 people in nested departments (manager1471 among them) and its group chat; "empty" —
     * the root department only; { users, seed } — a generated directory of that size.
     */
    directory: z
      .union([
        z.enum(['default', 'empty']),
        z
          .object({ users: createTenantBody.shape.users.unwrap(), seed: z.number().int().optional() })
          .strict(),
      ])
      .default('default')
      .describe(
        'who works there before departments and users are added: "default" (the committed default tenant\'s ~60 people), "empty" (the root department only) or { users, seed } (generated)',
      ),
    departments: z
      .array(createDeptBody)
      .default([])
      .describe('as POST …/departments takes them, parents first'),
    users: z.array(createUserBody).default([]).describe('as POST …/users takes them'),
    apps: z
      .array(appConfig)
      .default([])
      .describe("the tenant's apps, exactly: name, credentials, and what PUT …/apps/{appKey} takes"),
    robots: z.array(robotConfig).default([]).describe('custom group robots, as POST …/robots takes them'),
    faults: z.array(faultRuleInput).default([]).describe('fault rules, as POST …/faults takes them'),
    stubs: z
      .array(stubInput)
      .default([])
      .describe(
        'stubs for endpoints the sandbox does not emulate, as POST …/stubs takes them (docs/stubs.md)',
      ),
  })
  .strict();
export type TenantConfig = z.infer<typeof tenantConfig>;

/** `serve`'s options; a flag or an environment variable wins over these. */
export const serveConfig = z
  .object({
    port: z.number().int().min(0).max(65535),
    host: z.string().min(1),
    state: z.string().min(1),
    journalSize: z.number().int().min(1).max(1_000_000),
    adminToken: z.string().min(1),
    publicHosts: z.array(z.string().min(1)),
    logLevel: z.enum(LOG_LEVELS),
  })
  .partial()
  .strict();
export type ServeConfig = z.infer<typeof serveConfig>;

export const sandboxConfig = z
  .object({
    /** For editors: the JSON Schema of this file. */
    $schema: z.string().optional(),
    serve: serveConfig.default({}).describe("serve's options; a flag or an environment variable wins"),
    /** The tenants to start with, instead of the committed default tenant; the first is the default. */
    tenants: z
      .array(tenantConfig)
      .optional()
      .describe(
        'the tenants to start with, instead of the committed default tenant; the first is the default',
      ),
  })
  .strict();
export type SandboxConfig = z.infer<typeof sandboxConfig>;

/** The file's JSON Schema (draft 2020-12), for editors' completion and checks. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(sandboxConfig, { io: 'input', unrepresentable: 'any' }),
    title: 'dingtalk-sandbox configuration',
    description:
      'Serve options and the tenants dingtalk-sandbox starts with (docs/config.md). Validated by the admin API schemas.',
  };
}
