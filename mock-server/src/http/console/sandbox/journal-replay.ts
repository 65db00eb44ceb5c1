/**
 * 重放 (replay) from the journal: an in-app code exchange (`getuserinfo`, E5) made again with the
 * same code, through the sandbox's own HTTP stack, so the journal gets the second call and the
 * console shows DingTalk's answer (40078 不存在的临时授权码). The code comes from the tenant's recent
 * exchanges kept server-side (AuthCodes.exchangedBy); it is never shown.
 */
import type { Context } from 'koa';
import { inject } from 'light-my-request';
import type { JournalEntry } from '../../../domain/journal/journal.ts';
import type { Tenant } from '../../../domain/tenancy/tenant.ts';
import { AdminError } from '../../admin/errors.ts';

/** Routes a journal entry can be replayed on: the in-app code exchanges. */
export const REPLAYABLE_ROUTES: ReadonlySet<string> = new Set([
  'oapi.v2.user.getuserinfo',
  'oapi.user.getuserinfo',
]);

export const isReplayable = (e: JournalEntry): boolean => e.route !== null && REPLAYABLE_ROUTES.has(e.route);

/** Replay journal entry `seq`; returns DingTalk's answer as its JSON text. */
export async function replayExchange(ctx: Context, t: Tenant, seq: number): Promise<string> {
  const entry = t.journal.query({ sinceSeq: seq - 1 }).find((e) => e.seq === seq);
  if (!entry) throw new AdminError(404, 'entryNotFound', `请求日志中没有 #${seq}（已被更新的调用挤出）`);
  if (!isReplayable(entry))
    throw new AdminError(
      400,
      'notReplayable',
      `#${seq} 不是免登码换取，不能重放 (only getuserinfo calls replay)`,
    );
  const code = t.authCodes.exchangedBy(entry.requestId);
  const app = entry.appKey ? t.getApp(entry.appKey) : undefined;
  if (!code || !app)
    throw new AdminError(
      409,
      'codeForgotten',
      `#${seq} 的免登码已不在沙箱内存中，无法重放 (the code is no longer remembered; replay a newer exchange)`,
    );
  // The DingTalk hosts' request listener (app.ts): the replay asks the pipeline as a client would.
  const handler = (ctx as Context & { dingtalk: Parameters<typeof inject>[0] }).dingtalk;
  const token = await inject(handler, {
    method: 'GET',
    url: `/gettoken?${new URLSearchParams({ appkey: app.appKey, appsecret: app.appSecret }).toString()}`,
  });
  const accessToken = (token.json() as { access_token?: string }).access_token;
  if (!accessToken)
    throw new AdminError(409, 'noToken', `无法为应用 ${app.name} 获取 access_token：${token.body}`);
  const answer =
    entry.route === 'oapi.user.getuserinfo'
      ? await inject(handler, {
          method: 'GET',
          url: `/user/getuserinfo?${new URLSearchParams({ access_token: accessToken, code }).toString()}`,
        })
      : await inject(handler, {
          method: 'POST',
          url: `/topapi/v2/user/getuserinfo?access_token=${encodeURIComponent(accessToken)}`,
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify({ code }),
        });
  return answer.body;
}
