/** A fault rule in words, for the console, the admin API and the journal. */
import { apiBody, legacyBody } from '../errcodes.ts';
import type { FaultAction, FaultRule } from './rule.ts';

export function explainAction(a: FaultAction): string {
  switch (a.type) {
    case 'error': {
      const legacy = legacyBody(a.kind, {}, 'topapi');
      const api = apiBody(a.kind, {});
      return `answer DingTalk error "${a.kind}" (legacy errcode ${String(legacy.errcode)}${legacy.sub_code ? `/${String(legacy.sub_code)}` : ''}, new API ${api.status} ${String(api.body.code)})`;
    }
    case 'missingScope':
      return `answer the missing-permission error for ${a.scope} ({requiredScopes=[${a.scope}]})`;
    case 'status':
      return `answer HTTP ${a.status}${a.body ? ` with a ${a.body.length}-character body` : ' with an empty body'}`;
    case 'delay':
      return `wait ${a.ms} ms, then answer normally`;
    case 'timeout':
      return `never answer, and drop the connection after ${a.ms} ms`;
    case 'reset':
      return 'reset the connection without answering';
    case 'malformed':
      return 'answer HTTP 200 with a truncated JSON body';
    case 'rateLimit':
      return 'answer DingTalk’s rate limit (legacy 90018, new API 403 Forbidden.AccessDenied.QpsLimitForAppkeyAndApi)';
  }
}

export function explainRule(r: FaultRule): string {
  const where: string[] = [];
  if (r.match.host) where.push(`on the ${r.match.host} host`);
  where.push(r.match.route ? `calls to ${r.match.route}` : 'every call');
  if (r.match.appKey) where.push(`by app ${r.match.appKey}`);
  if (r.match.userid) where.push(`about user ${r.match.userid}`);
  if (r.match.body)
    where.push(
      `with ${Object.entries(r.match.body)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(', ')}`,
    );
  const times = r.times === 'always' ? 'every time' : r.times === 'once' ? 'once' : `${r.times} times`;
  const chance = r.probability !== undefined ? ` with probability ${r.probability}` : '';
  const used =
    r.times === 'always' ? `fired ${r.hits} times` : `fired ${r.hits} of ${r.times === 'once' ? 1 : r.times}`;
  return `For ${where.join(' ')}: ${explainAction(r.action)}, ${times}${chance} (${used}).`;
}
