/** Console routes for the tenant clock (same operation and validation as POST /api/tenants/{corpId}/clock). */
import type Router from '@koa/router';
import { clockBody } from '../../admin/tenant-ops.ts';
import { parseBody } from '../../admin/validation.ts';
import { flashNext, form, numberField, page, render, tenantOr404, type ConsoleContext } from '../http.ts';
import { paths } from '../paths.ts';
import { ClockPage, cst } from './clock.tsx';

export function registerClockPages(router: Router, c: ConsoleContext): void {
  page(router, c, '/tenants/:corpId/clock', (ctx) => {
    const t = tenantOr404(c, ctx);
    const now = t.clock.now();
    const drift = t.clock.drift();
    const tokens = t.appTokens
      .list()
      .map((tok) => ({ ...tok, appName: t.getApp(tok.appKey)?.name ?? tok.appKey }));
    render(
      c,
      ctx,
      { title: '时钟', corp: t, section: 'clock' },
      ClockPage({
        corpId: t.corpId,
        now,
        frozen: drift.frozen,
        offsetMs: drift.offsetMs,
        tokens,
      }),
    );
  });

  form(router, c, '/tenants/:corpId/clock', (ctx, b) => {
    const t = tenantOr404(c, ctx);
    const set = b.set?.trim();
    const body = parseBody(clockBody, {
      ...(b.advanceSeconds !== undefined ? { advanceSeconds: numberField(b.advanceSeconds) } : {}),
      ...(set ? { set: /^-?\d+$/.test(set) ? Number(set) : set } : {}),
      ...(b.frozen !== undefined ? { frozen: b.frozen === 'true' } : {}),
      ...(b.reset === 'true' ? { reset: true } : {}),
    });
    c.tenants.setClock(t, body);
    const what = body.reset ? '已恢复真实时间，' : '';
    flashNext(c, ctx, { kind: 'ok', text: `${what}时钟现在是 ${cst(t.clock.now())} (UTC+8)` });
    return paths.clock(t.corpId);
  });
}
