/**
 * 模拟手机 — the way from the console to the simulated phone (/login/phone?sid=…, login-web): the
 * tenant's web-login QR sessions, the ones still waiting for a phone first, each with a link that
 * opens the phone for it (pick a user, 扫码, 登录) — what scanning the QR code would do.
 */
import type Router from '@koa/router';
import type { VNode } from 'preact';
import type { QrLogin, QrStatus } from '../../../domain/login/qr-logins.ts';
import { page, render, tenantOr404, type ConsoleContext } from '../http.ts';
import { Title } from '../widgets.tsx';
import { clockTime } from './journal.tsx';

const RECENT = 20;

const STATUS: Record<QrStatus, [string, string]> = {
  waiting: ['等待扫码', 'dev'],
  scanned: ['已扫码，待确认', 'warn'],
  confirmed: ['已确认', 'on'],
  completed: ['已登录', 'on'],
  cancelled: ['已取消', 'off'],
  refused: ['被拒绝', 'bad'],
  expired: ['已过期', 'off'],
};

export function PhonePage(p: {
  now: number;
  sessions: { s: QrLogin; status: QrStatus; appName: string }[];
}): VNode {
  return (
    <div>
      <Title zh="模拟手机" en="Simulated phone — scan a pending web-login QR code" />
      <section class="cs-panel">
        <p class="muted" style="margin-top:0">
          在登录页（/oauth2/auth 或
          /connect/qrconnect）显示二维码后，这里列出等待扫码的会话；「打开模拟手机」即相当于用钉钉扫码。 Open
          a login page first; its QR session appears here.
        </p>
        <table class="cs-table" id="qr-table">
          <thead>
            <tr>
              <th>会话 sid</th>
              <th>应用</th>
              <th>方式</th>
              <th>状态</th>
              <th>过期 (UTC+8)</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {p.sessions.length === 0 && (
              <tr>
                <td colSpan={6} class="cs-empty">
                  暂无内容
                </td>
              </tr>
            )}
            {p.sessions.map(({ s, status, appName }) => {
              const [label, tag] = STATUS[status];
              const open = status === 'waiting' || status === 'scanned';
              return (
                <tr data-sid={s.sid} data-status={status}>
                  <td class="mono small">{s.sid}</td>
                  <td>{appName}</td>
                  <td class="small">
                    {s.generation === 'oauth' ? '新版 /oauth2/auth' : '旧版 qrconnect'}
                    {s.inClient ? ' · 钉钉内' : ''}
                  </td>
                  <td>
                    <span class={`cs-tag ${tag}`}>{label}</span>
                    {s.userid && <div class="mono small muted">{s.userid}</div>}
                  </td>
                  <td class="small">{clockTime(s.expiresAt).slice(0, 8)}</td>
                  <td>
                    {open && (
                      <a class="cs-btn small primary" href={`/login/phone?sid=${encodeURIComponent(s.sid)}`}>
                        打开模拟手机
                      </a>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </div>
  );
}

export function registerPhonePages(router: Router, c: ConsoleContext): void {
  page(router, c, '/tenants/:corpId/phone', (ctx) => {
    const t = tenantOr404(c, ctx);
    const now = t.clock.now();
    const rank = (st: QrStatus) => (st === 'waiting' || st === 'scanned' ? 0 : 1);
    const sessions = t.qrLogins
      .all()
      .map((s) => ({ s, status: t.qrLogins.statusOf(s, now), appName: t.getApp(s.appKey)?.name ?? s.appKey }))
      .sort((a, b) => rank(a.status) - rank(b.status))
      .slice(0, RECENT);
    render(c, ctx, { title: '模拟手机', corp: t, section: 'phone' }, PhonePage({ now, sessions }));
  });
}
