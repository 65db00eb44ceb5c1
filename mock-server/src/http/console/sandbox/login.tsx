/**
 * Signing in to the console when the sandbox was started with an admin token: asked once, then an
 * httpOnly SameSite=Strict cookie (an HMAC of the token) — which the admin API accepts too. Styled
 * after DingTalk's 暂无权限访问 page (docs/dingtalk/web-login.md).
 */
import { timingSafeEqual } from 'node:crypto';
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { VNode } from 'preact';
import { AdminError } from '../../admin/errors.ts';
import { safeNext, setConsoleSession } from '../guard.ts';
import { form, page, render, type ConsoleContext } from '../http.ts';
import { paths } from '../paths.ts';

function LoginPage(p: { next: string }): VNode {
  return (
    <div class="cs-panel" style="max-width:520px;margin:40px auto">
      <h2>
        暂无权限访问<span class="en">Sign in to the sandbox console</span>
      </h2>
      <p class="muted">
        此沙箱启动时设置了管理令牌 (admin token)，请输入后继续。The sandbox was started with an admin token
        (`--admin-token`).
      </p>
      <form method="post" action={paths.login} class="cs-vform">
        <input type="hidden" name="next" value={p.next} />
        <label class="block" for="admin-token">
          管理令牌 <span class="en">Admin token</span>
        </label>
        <input id="admin-token" type="password" name="token" autoComplete="current-password" required />
        <p>
          <button class="cs-btn primary" type="submit">
            登录
          </button>
        </p>
      </form>
    </div>
  );
}

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export function registerLoginPages(router: Router, c: ConsoleContext): void {
  page(router, c, { path: '/login', open: true }, (ctx) => {
    if (!c.adminToken) return ctx.redirect(paths.root);
    render(c, ctx, { title: '登录', section: 'none' }, LoginPage({ next: safeNext(ctx.query.next) }));
  });

  const back = (ctx: Context) =>
    `${paths.login}?next=${encodeURIComponent(safeNext((ctx.request.body as { next?: string })?.next))}`;
  form(router, c, { path: '/login', open: true, back }, (ctx, b) => {
    if (!c.adminToken) return paths.root;
    if (!same(b.token ?? '', c.adminToken))
      throw new AdminError(401, 'unauthorized', '管理令牌不正确 (wrong admin token)');
    setConsoleSession(ctx, c.adminToken);
    return safeNext(b.next);
  });

  form(router, c, '/logout', (ctx) => {
    setConsoleSession(ctx, null);
    return c.adminToken ? paths.login : paths.root;
  });
}
