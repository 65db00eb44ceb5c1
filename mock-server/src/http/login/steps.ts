/**
 * How the login routes use the web-login machine (domain/login/web-login): whom a call belongs to
 * before the handler runs (each route's `locate`), and a step's answer as a page — a refusal
 * journaled, a redirect (or DTFrameLogin's postMessage), the consent card.
 */
import type { Sandbox } from '../../domain/tenancy/sandbox.ts';
import { sessionOwner, type NextStep, type StepRefusal } from '../../domain/login/web-login/index.ts';
import type { Call, Located, PageResult } from '../route.ts';
import { text } from './checks.ts';
import { consentPage } from './views/consent.tsx';
import { postMessagePage } from './views/finish.tsx';

type Raw = Record<string, unknown>;

/** Calls about a QR session (`sid`): its tenant, app and (once scanned) user. */
export const bySid = (sandbox: Sandbox, raw: Raw): Located => sessionOwner(sandbox, text(raw, 'sid'));

/** 扫码 (`sid`, `userid`): as bySid, and an accepted scan already belongs to the scanning user. */
export const byScan = (sandbox: Sandbox, raw: Raw): Located =>
  sessionOwner(sandbox, text(raw, 'sid'), text(raw, 'userid'));

/** An authorize request: the app (and its tenant) its `field` names (client_id, appid). */
export function byApp(field: string): (sandbox: Sandbox, raw: Raw) => Located {
  return (sandbox, raw) => {
    const key = text(raw, field);
    const found = key ? sandbox.findApp(key) : undefined;
    return found ? { tenant: found.tenant, app: found.app } : {};
  };
}

/** Journal a step's refusal on the call (a page refusal is not an attribution: the page still shows). */
export function journalRefusal(call: Call<unknown>, r: StepRefusal): void {
  call.state.refusal = { code: r.code, reason: r.why.en, reasonZh: r.why.zh };
}

/** A step's answer as a page; `refusedPage` renders what the person is told when the step refused. */
export function pageFor(
  call: Call<unknown>,
  next: NextStep,
  refusedPage: (message: string) => string,
): PageResult {
  if (next.kind === 'consent') return { html: consentPage(next.consent) };
  if (next.kind === 'refused') {
    journalRefusal(call, next.refusal);
    return { html: refusedPage(next.refusal.message ?? '') };
  }
  if (next.refusal) journalRefusal(call, next.refusal);
  return next.iframe ? { html: postMessagePage(next.url) } : { redirect: next.url };
}
