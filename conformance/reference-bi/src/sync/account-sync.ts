/**
 * 账户同步 (A1–A3): one run at a time, in the background. Phase 1 reads DingTalk (progress committed to
 * the sync-run row as pages arrive, so the page can poll it); phase 2 writes BI users in one
 * transaction. A failure anywhere leaves BI users exactly as they were, and the run records DingTalk's
 * text and the missing permission point (A2). A process killed mid-run is marked interrupted on start.
 */
import type { BiContext } from '../context.ts';
import { failRun, finishRun, getRun, recordProgress, runningRun, startRun } from '../db/sync-runs.ts';
import { DingTalkApiError, DingTalkUnavailableError } from '../dingtalk/errors.ts';
import { applyDirectory } from './apply-directory.ts';
import { fetchDirectory } from './fetch-directory.ts';

export class SyncAlreadyRunning extends Error {
  constructor(readonly runId: number) {
    super('已有同步正在进行，请等待其完成');
  }
}

export class AccountSync {
  private readonly running = new Map<number, Promise<void>>();

  constructor(private readonly bi: BiContext) {}

  /** Starts a run and returns its id at once; the work continues in the background. */
  start(startedBy: number | null): number {
    const { db } = this.bi;
    const client = this.bi.dingtalk.client();
    if (!client || !this.bi.dingtalk.enabled) throw new Error('请先在 系统集成 > 钉钉 中配置并开启钉钉');
    const busy = runningRun(db);
    if (busy) throw new SyncAlreadyRunning(busy.id);
    const run = startRun(db, startedBy, this.bi.clock.now());
    const work = this.execute(run.id).finally(() => this.running.delete(run.id));
    this.running.set(run.id, work);
    return run.id;
  }

  /** Resolves when the run has finished (tests; the UI polls instead). */
  async wait(runId: number): Promise<void> {
    await this.running.get(runId);
  }

  /** Resolves when every run in this process has finished (shutdown). */
  async idle(): Promise<void> {
    await Promise.all(this.running.values());
  }

  private async execute(runId: number): Promise<void> {
    const { db, clock, logger } = this.bi;
    const client = this.bi.dingtalk.client()!;
    try {
      const dir = await fetchDirectory(client, (p) => recordProgress(db, runId, p));
      const current = getRun(db, runId)!;
      recordProgress(db, runId, { ...current, phase: 'writing' });
      const result = applyDirectory(db, dir, clock.now());
      finishRun(db, runId, result, clock.now());
      logger.info({ runId, ...result, changes: result.changes.length }, 'account sync finished');
    } catch (e) {
      const { text, scopes } = describe(e);
      logger.warn({ runId, error: text }, 'account sync failed; nothing written');
      try {
        failRun(db, runId, { error: text, scopes }, clock.now());
      } catch (dbError) {
        logger.error({ err: dbError }, 'could not record the failed sync run');
      }
    }
  }
}

function describe(e: unknown): { text: string; scopes: string[] } {
  if (e instanceof DingTalkApiError) return { text: e.text, scopes: e.requiredScopes };
  if (e instanceof DingTalkUnavailableError) return { text: e.message, scopes: [] };
  return { text: `同步出错：${e instanceof Error ? e.message : String(e)}`, scopes: [] };
}
