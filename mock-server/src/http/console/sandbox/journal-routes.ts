/** Console routes for the request journal and the flow timelines. */
import type Router from '@koa/router';
import type { Context } from 'koa';
import { groupFlows } from '../../../domain/journal/journal-flows.ts';
import type { JournalEntry, Outcome } from '../../../domain/journal/journal.ts';
import type { Tenant } from '../../../domain/tenancy/tenant.ts';
import { scenariosFor } from '../../../scenarios/match.ts';
import { flashNext, form, page, render, tenantOr404, type ConsoleContext } from '../http.ts';
import { paths } from '../paths.ts';
import { replayExchange } from './journal-replay.ts';
import { JournalPage, type JournalFilter } from './journal.tsx';
import { TimelinePage, type FlowFilter } from './timeline.tsx';

const JOURNAL_PAGE = 100;
const MAX_FLOWS = 20;
const OUTCOMES: Outcome[] = ['ok', 'refused', 'fault', 'error'];
const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

export function registerJournalPages(router: Router, c: ConsoleContext): void {
  const scopeOfRoute = new Map<string, string>();
  for (const r of c.routes) if ('scope' in r && r.scope) scopeOfRoute.set(r.id, r.scope);
  const scenarios = (e: JournalEntry) => scenariosFor(e, (route) => scopeOfRoute.get(route));
  const namer = (t: Tenant) => (appKey: string | undefined) =>
    appKey ? (t.getApp(appKey)?.name ?? c.sandbox.findApp(appKey)?.app.name ?? appKey) : '—';
  const appsOf = (t: Tenant) => t.listApps().map((a) => ({ appKey: a.appKey, name: a.name }));

  page(router, c, '/tenants/:corpId/journal', (ctx: Context) => {
    const t = tenantOr404(c, ctx);
    const outcome = str(ctx.query.outcome);
    const filter: JournalFilter = {
      route: str(ctx.query.route),
      outcome: OUTCOMES.includes(outcome as Outcome) ? outcome : '',
      app: str(ctx.query.app),
      q: str(ctx.query.q),
      source: ctx.query.source === 'unattributed' ? 'unattributed' : '',
    };
    const journal = filter.source ? c.sandbox.unattributed : t.journal;
    const all = journal.query({
      route: filter.route || undefined,
      outcome: (filter.outcome || undefined) as Outcome | undefined,
    });
    const q = filter.q.toLowerCase();
    const before = Number(ctx.query.before) || Infinity;
    const matching = all
      .filter((e) => !filter.app || e.appKey === filter.app)
      .filter(
        (e) =>
          !q ||
          [e.path, e.reason, e.reasonZh, e.code, e.userid, e.requestId, e.route, e.ip].some((v) =>
            v?.toLowerCase().includes(q),
          ),
      )
      .reverse();
    const from = matching.findIndex((e) => e.seq < before);
    const entries = from < 0 ? [] : matching.slice(from, from + JOURNAL_PAGE);
    const older =
      from >= 0 && matching.length > from + JOURNAL_PAGE ? entries[entries.length - 1]!.seq : null;
    const routeIds = [
      ...new Set([...c.routes.map((r) => r.id), ...all.map((e) => e.route).filter((r): r is string => !!r)]),
    ].sort();
    render(
      c,
      ctx,
      { title: '请求日志', corp: t, section: 'journal' },
      JournalPage({
        corpId: t.corpId,
        entries,
        filter,
        routeIds,
        apps: appsOf(t),
        appName: namer(t),
        scenarios,
        older,
        total: matching.length,
      }),
    );
  });

  form(router, c, '/tenants/:corpId/journal/:seq/replay', async (ctx) => {
    const t = tenantOr404(c, ctx);
    const seq = Number(ctx.params.seq);
    const answer = await replayExchange(ctx, t, seq);
    const refused = !/"errcode":0[,}]/.test(answer);
    flashNext(c, ctx, {
      kind: refused ? 'error' : 'ok',
      text: `已重放 #${seq}（同一个免登码再换取一次 replayed with the same code）。钉钉返回：${answer}`,
    });
    return paths.journal(t.corpId);
  });

  page(router, c, '/tenants/:corpId/flows', (ctx: Context) => {
    const t = tenantOr404(c, ctx);
    const at = ctx.query.at !== undefined ? Number(ctx.query.at) : undefined;
    const filter: FlowFilter = {
      app: str(ctx.query.app),
      user: str(ctx.query.user),
      gap: Math.max(1, Number(ctx.query.gap) || 60),
      ...(at !== undefined && Number.isFinite(at) ? { at } : {}),
    };
    let flows = groupFlows(t.journal.query(), filter.gap * 1000);
    if (filter.at !== undefined) flows = flows.filter((f) => f.seqs.includes(filter.at!));
    if (filter.app) flows = flows.filter((f) => f.appKey === filter.app);
    if (filter.user) flows = flows.filter((f) => f.userids.some((u) => u.includes(filter.user)));
    render(
      c,
      ctx,
      { title: '登录时间线', corp: t, section: 'flows' },
      TimelinePage({
        corpId: t.corpId,
        flows: flows.slice(0, MAX_FLOWS),
        filter,
        apps: appsOf(t),
        appName: namer(t),
        scenarios,
      }),
    );
  });
}
