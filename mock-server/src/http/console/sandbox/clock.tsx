/**
 * 时钟 (the tenant's clock): its time, presets (+5 min expires codes, +2 h 1 s expires tokens,
 * +1 day), any number of seconds, set, freeze / unfreeze, 恢复真实时间 — and the tokens in force with their
 * remaining life, so the effect of moving time is visible at once (X2, E5).
 */
import type { VNode } from 'preact';
import type { IssuedToken } from '../../../domain/apps/app-tokens.ts';
import { maskSecret } from '../../../domain/journal/redact.ts';
import { paths } from '../paths.ts';
import { Title } from '../widgets.tsx';

export const cst = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

export const PRESETS: readonly [number, string][] = [
  [300, '+5 分钟 (免登码过期 codes expire)'],
  [7201, '+2 小时 1 秒 (令牌过期 tokens expire)'],
  [86_400, '+1 天'],
];

export function ClockPage(p: {
  corpId: string;
  now: number;
  frozen: boolean;
  offsetMs: number;
  tokens: (IssuedToken & { appName: string })[];
}): VNode {
  const action = paths.clock(p.corpId);
  return (
    <div>
      <Title zh="时钟" en="The tenant's clock — only this tenant's time moves" />
      <section class="cs-panel">
        <div class="cs-kv">
          <span class="k">当前时间 (UTC+8)</span>
          <span class="mono" id="clock-now" style="font-size:18px">
            {cst(p.now)}
          </span>
          <span class="k">ISO</span>
          <span class="mono small">{new Date(p.now).toISOString()}</span>
          <span class="k">与真实时间相差 offset</span>
          <span class="mono small">{Math.round(p.offsetMs / 1000)} s</span>
          <span class="k">状态</span>
          <span id="clock-state">
            {p.frozen ? (
              <span class="cs-tag warn">已冻结 frozen</span>
            ) : (
              <span class="cs-tag on">走动中 running</span>
            )}
          </span>
        </div>
      </section>
      <section class="cs-panel">
        <h2>推进 Advance</h2>
        <div class="cs-toolbar">
          {PRESETS.map(([seconds, label]) => (
            <form method="post" action={action}>
              <input type="hidden" name="advanceSeconds" value={String(seconds)} />
              <button class="cs-btn">{label}</button>
            </form>
          ))}
        </div>
        <form method="post" action={action} class="cs-toolbar">
          <input
            type="number"
            name="advanceSeconds"
            step="any"
            placeholder="秒 seconds（可为负）"
            aria-label="推进秒数"
            required
          />
          <button class="cs-btn">推进</button>
        </form>
        <h2>设置 Set</h2>
        <form method="post" action={action} class="cs-toolbar">
          <input
            type="text"
            name="set"
            placeholder="2026-01-01T09:00:00+08:00 或毫秒"
            aria-label="设置时间"
            required
            style="width:280px"
          />
          <button class="cs-btn">设置</button>
        </form>
        <div class="cs-toolbar">
          <form method="post" action={action}>
            <input type="hidden" name="frozen" value={p.frozen ? 'false' : 'true'} />
            <button class="cs-btn">{p.frozen ? '解冻 unfreeze' : '冻结 freeze'}</button>
          </form>
          <form method="post" action={action}>
            <input type="hidden" name="reset" value="true" />
            <button class="cs-btn primary" id="clock-reset">
              恢复真实时间<span class="en">back to real time</span>
            </button>
          </form>
        </div>
      </section>
      <section class="cs-panel">
        <h2>
          当前令牌<span class="en">Corp access tokens (7200 s)</span>
        </h2>
        <table class="cs-table" id="token-table">
          <thead>
            <tr>
              <th>应用</th>
              <th>access_token</th>
              <th>过期时间</th>
              <th>剩余</th>
            </tr>
          </thead>
          <tbody>
            {p.tokens.length === 0 && (
              <tr>
                <td colSpan={4} class="cs-empty">
                  暂无内容
                </td>
              </tr>
            )}
            {p.tokens.map((t) => {
              const left = Math.round((t.expiresAt - p.now) / 1000);
              return (
                <tr data-appkey={t.appKey} data-expired={left <= 0 ? 'true' : 'false'}>
                  <td>{t.appName}</td>
                  <td class="mono small">{maskSecret(t.token)}</td>
                  <td class="small">{cst(t.expiresAt)}</td>
                  <td>{left > 0 ? `${left} s` : <span class="cs-tag bad">已过期 expired</span>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </div>
  );
}
