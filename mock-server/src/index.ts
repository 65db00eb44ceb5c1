/** dingtalk-sandbox — the package's public entry. */
export { startSandbox, createSandbox, type SandboxOptions, type RunningSandbox } from './start.ts';
export { Sandbox } from './domain/tenancy/sandbox.ts';
export { Tenant, type TenantSnapshot } from './domain/tenancy/tenant.ts';
export type { App, VisibleRange } from './domain/apps/apps.ts';
export type { User, Department } from './domain/directory/directory.ts';
export type { JournalEntry, Outcome } from './domain/journal/journal.ts';
export { DingTalkError, ERROR_KINDS, type ErrorKind } from './domain/errors.ts';
export { CATALOGUE, missingScopeText } from './errcodes.ts';
export { generateTenant, GUIDE_ADMIN_USERID } from './fixtures/generate.ts';
export { defaultSnapshot } from './snapshots.ts';
export { CLIENT_USER_COOKIE, CLIENT_USER_HEADER, IN_CLIENT_UA } from './http/login/authorize.ts';
export { QR_TTL_MS } from './domain/login/qr-logins.ts';
export {
  SandboxAdmin,
  SandboxAdminError,
  type TenantInfo,
  type AppInfo,
  type ClockInfo,
  type FaultRuleInfo,
  type QrSessionInfo,
  type InboxMessage,
} from './admin-client.ts';
export type { FaultRuleInput, FaultRule } from './faults/rule.ts';
export { SCENARIOS, type Scenario } from './scenarios/catalogue.ts';
export { SCENARIO_IDS, scenarioIdsIn } from './scenarios/ids.ts';
