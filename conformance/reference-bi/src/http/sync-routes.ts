/** 账户同步 pages: start a run, watch it (JSON status for polling), read its report. */
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { BiServices } from '../context.ts';
import { getSetting } from '../db/settings.ts';
import { getRun, recentRuns } from '../db/sync-runs.ts';
import { SyncPage, SyncRunPage } from '../pages/sync.tsx';
import { sendPage } from '../pages/render.ts';
import { SyncAlreadyRunning } from '../sync/account-sync.ts';
import { chromeOf, HttpError, requireAdmin } from './security.ts';

const PHASE_TEXT = { departments: '读取部门', users: '读取用户', writing: '写入用户', done: '完成' } as const;

export function registerSyncRoutes(router: Router, bi: BiServices): void {
  const guard = (ctx: Context) => {
    const u = requireAdmin(ctx);
    if (!getSetting(bi.db, 'feature.dingtalk')) throw new HttpError(404, '页面不存在');
    return u;
  };

  router.get('/admin/sync', (ctx) => {
    guard(ctx);
    sendPage(ctx, SyncPage({ chrome: chromeOf(ctx, bi), runs: recentRuns(bi.db) }));
  });

  router.post('/admin/sync', (ctx) => {
    const admin = guard(ctx);
    let runId: number;
    try {
      runId = bi.sync.start(admin.id);
    } catch (e) {
      if (e instanceof SyncAlreadyRunning) runId = e.runId;
      else {
        return sendPage(
          ctx,
          SyncPage({ chrome: chromeOf(ctx, bi), runs: recentRuns(bi.db), error: (e as Error).message }),
          400,
        );
      }
    }
    if (ctx.accepts('html', 'json') === 'json') {
      ctx.status = 202;
      ctx.body = { runId };
      return;
    }
    ctx.redirect(`/admin/sync/runs/${runId}`);
  });

  router.get('/admin/sync/runs/:id', (ctx) => {
    guard(ctx);
    const run = getRun(bi.db, Number(ctx.params.id));
    if (!run) throw new HttpError(404, '同步记录不存在');
    sendPage(ctx, SyncRunPage({ chrome: chromeOf(ctx, bi), run }));
  });

  router.get('/admin/sync/runs/:id/status', (ctx) => {
    guard(ctx);
    const run = getRun(bi.db, Number(ctx.params.id));
    if (!run) throw new HttpError(404, '同步记录不存在');
    ctx.set('cache-control', 'no-store');
    ctx.body = { ...run, phaseText: PHASE_TEXT[run.phase] };
  });
}
