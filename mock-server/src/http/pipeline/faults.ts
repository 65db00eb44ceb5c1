/**
 * Step "gate", fault rules: after the caller is known (tenant, app), before the handler. A rule's
 * DingTalk error is thrown into the one catalogue; a rule that shapes the answer itself (a status, a
 * truncated body, a held or dropped connection) returns what to do as data, and answer.ts does it.
 */
import { because, DingTalkError } from '../../domain/errors.ts';
import { explainRule } from '../../faults/explain.ts';
import type { FaultRule } from '../../faults/rule.ts';
import type { CallState, RouteDef } from '../route.ts';

/** What a fault rule answers instead of the handler. */
export type FaultAnswer =
  | { fault: 'answer'; status: number; contentType: string; body: string }
  /** Hold the connection until `holdMs` has passed or the client gave up, then close it unanswered. */
  | { fault: 'drop'; holdMs: number };

export const isFaultAnswer = (v: unknown): v is FaultAnswer =>
  typeof v === 'object' && v !== null && typeof (v as { fault?: unknown }).fault === 'string';

/**
 * Applies the first matching rule: undefined when none matches (most calls), else a promise of the
 * rule's own answer (undefined when it only delayed the call). A rule's DingTalk error rejects it.
 */
export function applyFaults(
  route: RouteDef,
  state: CallState,
  raw: Record<string, unknown>,
): undefined | Promise<FaultAnswer | undefined> {
  const { tenant } = state;
  if (!tenant) return undefined;
  const rule = tenant.faults.fire({
    host: route.host,
    route: route.id,
    appKey: state.app?.appKey,
    userid: state.userid,
    fields: raw,
  });
  if (!rule) return undefined;
  state.fault = { ruleId: rule.id, explanation: explainRule(rule) };
  return act(rule);
}

async function act(rule: FaultRule): Promise<FaultAnswer | undefined> {
  const why = `fault rule ${rule.id}`;
  const a = rule.action;
  switch (a.type) {
    case 'error':
      throw new DingTalkError(
        a.kind,
        because(`故障规则 ${rule.id} 强制返回钉钉错误 ${a.kind}`, `${why}: forced DingTalk error ${a.kind}`),
      );
    case 'missingScope':
      throw new DingTalkError(
        'missingScope',
        because(
          `故障规则 ${rule.id} 强制返回缺少权限点 ${a.scope}`,
          `${why}: forced missing permission ${a.scope}`,
        ),
        {
          scopes: [a.scope],
        },
      );
    case 'rateLimit':
      throw new DingTalkError(
        'rateLimited',
        because(`故障规则 ${rule.id} 强制返回限流错误`, `${why}: forced rate limit`),
      );
    case 'status':
      return { fault: 'answer', status: a.status, contentType: a.contentType, body: a.body };
    case 'malformed':
      return {
        fault: 'answer',
        status: 200,
        contentType: 'application/json',
        body: '{"errcode":0,"errmsg":"ok","result":{"userid":',
      };
    case 'delay':
      await sleep(a.ms);
      return undefined;
    case 'timeout':
      return { fault: 'drop', holdMs: a.ms };
    case 'reset':
      return { fault: 'drop', holdMs: 0 };
    case 'disconnect':
    case 'wrongSignature':
    case 'wrongKey':
      // Stream and event pushes only (faults/engine.ts never fires these for an HTTP call).
      return undefined;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}
