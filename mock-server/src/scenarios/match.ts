/**
 * Which documented scenario a journal refusal is an instance of, from its code, route and reason:
 * the journal links each refusal to the scenario page so QA sees "this is the guide's E1".
 * Codes are as the journal records them: legacy errcode (with /sub_code on topapi, e.g. 88/60011),
 * the new API's code, or the login/client page's code.
 */
import type { JournalEntry } from '../domain/journal/journal.ts';

const DEPARTMENT_SCOPES = ['qyapi_get_department_list', 'qyapi_get_department_member'];
const MESSAGING = /message|robot|corpconversation/i;

type Facts = Pick<JournalEntry, 'route' | 'code' | 'reason' | 'outcome' | 'host'>;

/** The permission point a missing-scope refusal names (its reason says "permission point X"). */
export function scopeInReason(reason: string | undefined): string | undefined {
  return (
    /permission point (\S+)/.exec(reason ?? '')?.[1] ?? /requiredScopes=\[([^\]]+)\]/.exec(reason ?? '')?.[1]
  );
}

/** Scenario ids for one journal entry, most specific first; [] for a success or an unknown refusal. */
export function scenariosFor(
  e: Facts,
  scopeOfRoute: (route: string) => string | undefined = () => undefined,
): string[] {
  if (e.outcome === 'ok') return [];
  const code = e.code ?? '';
  const last = code.includes('/') ? code.split('/').pop()! : code;
  const reason = e.reason ?? '';
  const route = e.route ?? '';

  // Event pushes (事件订阅, HTTP): signed or encrypted wrongly (a fault rule) or an answer that does not
  // open with the app's secrets (V3); a receiver down, slow or not answering success, and a push out of
  // retries, kept for get_call_back_failed_result (V4).
  if (route === 'event.http.push') {
    if (code !== 'eventFailed' && /wrongSignature|wrongKey|does not open/.test(reason)) return ['V3'];
    return ['V4'];
  }

  // Fault rules: rate limits, 5xx, timeouts, resets (X3), unless they imitate another error below.
  if (e.outcome === 'fault' && !code) return ['X3'];

  if (last === '60011' || code === 'Forbidden.AccessDenied.AccessTokenPermissionDenied') {
    const scope = scopeInReason(reason) ?? scopeOfRoute(route);
    if (MESSAGING.test(route)) return ['M4'];
    if (scope && DEPARTMENT_SCOPES.includes(scope)) return ['A2'];
    return ['E1'];
  }
  if (last === '40078' || code.startsWith('invalidParameter.authCode')) return ['E5'];
  if (last === '52013' || /^520\d\d$/.test(last)) return ['X5'];
  if (last === '60020' || code === 'Forbidden.AccessDenied.IpNotInWhiteList') return ['X6'];
  if (last === '90018' || code.includes('QpsLimit')) return ['X3'];
  if (['40014', '42001', '41001', '40000'].includes(last) || code === 'InvalidAuthentication') return ['X2'];
  if (last === '50002' || code === 'Forbidden.AccessDenied.UserNotInScope')
    return MESSAGING.test(route) ? ['M4'] : ['X4'];
  if (last === '60121' || code === 'user.notFound') return ['X4', 'A3'];
  if (last === '310000') return ['M3'];
  if (['40096', '40089'].includes(last) || code === 'invalidClientIdOrSecret') return ['X1'];
  // getuserinfo_bycode: an unknown accessKey or a signature by another secret (X1); the clocks apart (X2).
  if (last === '853003' || last === '853004') return ['X1'];
  if (last === '853002') return ['X2'];
  if (last === '-1' || /^5\d\d$/.test(String(code))) return ['X3'];

  // Login pages (login-web) and the client: their reasons name the scenario.
  if (/\(E3\)/.test(reason) && !/E4/.test(reason)) return ['E3'];
  if (/E4|白屏/.test(reason)) return ['E4'];
  if (code === 'noPermission' || code === '400010') return ['E3'];
  if (/no 免登 code issued/.test(reason)) return ['X4'];
  if (/forbidden_list|throttl/i.test(reason)) return ['M4'];
  if (e.outcome === 'fault') return ['X3'];
  return [];
}
