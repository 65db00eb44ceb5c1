/**
 * `serve --tenant FILE`: a tenant snapshot (from `dingtalk-sandbox generate` or the admin API's export),
 * read and tried in a scratch sandbox before the server starts, so a wrong file is one line naming
 * it — never an exception thrown from deep inside the bundle (which Node printed with its ~100 KB
 * minified source line).
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { Sandbox } from '../domain/tenancy/sandbox.ts';
import type { TenantSnapshot } from '../domain/tenancy/tenant.ts';
import { issuePath, StartupError } from './startup-error.ts';

const TODO =
  'give a file written by `dingtalk-sandbox generate` or exported with GET /__sandbox/api/tenants/{corpId}/export';

/** The outline every snapshot has; the rest is checked by loading it. */
const snapshotOutline = z.looseObject({
  version: z.number().int(),
  corpId: z.string().min(1),
  name: z.string(),
  apps: z.array(z.looseObject({ appKey: z.string().min(1), name: z.string() })),
  directory: z.looseObject({ departments: z.array(z.looseObject({})), users: z.array(z.looseObject({})) }),
});

export function readTenantFile(path: string, knownRoutes: () => readonly string[]): TenantSnapshot {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new StartupError(
      `tenant file ${path} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code})`}`,
      'check --tenant / DINGTALK_SANDBOX_TENANT',
      { cause: e },
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new StartupError(`tenant file ${path} is not valid JSON: ${(e as Error).message}`, TODO, {
      cause: e,
    });
  }
  const outline = snapshotOutline.safeParse(raw);
  if (!outline.success) {
    const issue = outline.error.issues[0]!;
    throw new StartupError(
      `tenant file ${path} is not a tenant snapshot: ${issuePath(issue.path)}: ${issue.message}`,
      TODO,
    );
  }
  const snapshot = raw as TenantSnapshot;
  try {
    new Sandbox({ knownRoutes }).addTenant(structuredClone(snapshot));
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new StartupError(`tenant file ${path} cannot be loaded: ${why}`, TODO, { cause: e });
  }
  return snapshot;
}
