/**
 * The console's error pages (HTML, never JSON). An unknown organisation is shown the way DingTalk's
 * console shows an organisation without developer rights (docs/dingtalk/web-login.md: 暂无权限访问, 切换有权限组织).
 */
import type { VNode } from 'preact';
import { paths } from './paths.ts';

export function ErrorPage(p: { title: string; message: string; status: number }): VNode {
  return (
    <div class="cs-panel" style="max-width:720px;margin:40px auto">
      <h2>
        {p.title} <span class="en">HTTP {p.status}</span>
      </h2>
      <p style="white-space:pre-wrap">{p.message}</p>
      <p>
        <a href={paths.tenants}>组织列表 (tenants)</a> · <a href={paths.scenarios}>场景 (scenarios)</a>
      </p>
    </div>
  );
}

/** An organisation the sandbox does not have: 暂无权限访问 with the organisations it does have. */
export function NoSuchTenantPage(p: { corpId: string; tenants: { corpId: string; name: string }[] }): VNode {
  return (
    <div class="cs-panel" style="max-width:720px;margin:40px auto">
      <h2>暂无权限访问</h2>
      <p>
        当前组织「{p.corpId}」{' '}
        <span class="en">This sandbox has no organisation (tenant) with this corpId.</span>
      </p>
      <h3>切换有权限组织</h3>
      <p class="muted">切换至其他有「开发者权限」的组织查看：</p>
      <ul>
        {p.tenants.map((t) => (
          <li>
            <a href={paths.apps(t.corpId)}>{t.name}</a> <span class="mono muted">{t.corpId}</span>
          </li>
        ))}
      </ul>
      <p>
        没有正在管理的组织？ <a href={paths.tenants}>快速创建测试组织</a>
      </p>
    </div>
  );
}
