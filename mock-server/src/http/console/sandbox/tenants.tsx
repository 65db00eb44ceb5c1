/**
 * The sandbox's organisations (tenants): list, create (default snapshot, a named snapshot, or a
 * generated directory of N users), reset, delete, export, save as a named snapshot; and one
 * organisation's home page (首页: CorpId, counts, where things are).
 */
import type { VNode } from 'preact';
import type { Tenant } from '../../../domain/tenancy/tenant.ts';
import { paths } from '../paths.ts';
import { ConfirmButton, Title } from '../widgets.tsx';

const fmt = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

export function TenantsPage(p: {
  tenants: Tenant[];
  defaultCorpId: string | null;
  snapshots: string[];
  form: (name: string, current: string) => string;
}): VNode {
  const source = p.form('source', 'default');
  return (
    <div>
      <Title zh="组织" en="Tenants — each one a corp with its apps, directory, clock, journal" />
      <section class="cs-panel">
        <table class="cs-table" id="tenant-table">
          <thead>
            <tr>
              <th>组织</th>
              <th>CorpId</th>
              <th>成员</th>
              <th>部门</th>
              <th>应用</th>
              <th>时钟 (UTC+8)</th>
              <th>操作</th>
            </tr>
          </thead>
          <tbody>
            {p.tenants.map((t) => (
              <tr data-corpid={t.corpId}>
                <td>
                  <a href={paths.apps(t.corpId)}>{t.name}</a>{' '}
                  {t.corpId === p.defaultCorpId && <span class="cs-tag dev">默认 default</span>}
                </td>
                <td class="mono small">{t.corpId}</td>
                <td>{t.directory.userCount}</td>
                <td>{t.directory.departmentCount}</td>
                <td>{t.listApps().length}</td>
                <td class="small">{fmt(t.clock.now())}</td>
                <td style="white-space:nowrap">
                  <a class="cs-btn small" href={paths.apiExport(t.corpId)}>
                    导出
                  </a>{' '}
                  <ConfirmButton
                    action={`${paths.tenant(t.corpId)}/reset`}
                    label="重置"
                    question="恢复到创建时的状态（同一 CorpId 与凭证）；令牌、授权码与故障规则将被清除。Reset to the state it was created with?"
                    confirm="确定重置"
                  />{' '}
                  <ConfirmButton
                    action={`${paths.tenant(t.corpId)}/delete`}
                    label="删除"
                    question={`删除组织「${t.name}」？其应用的凭证将立即失效。Delete this tenant?`}
                    confirm="确定删除"
                    danger
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section class="cs-panel">
        <h2>
          新建组织<span class="en">Create a tenant (new corpId, AppKeys and secrets)</span>
        </h2>
        <form class="cs-form" method="post" action={paths.tenants}>
          <div class="row">
            <label for="tenant-name">名称</label>
            <div class="field">
              <input
                id="tenant-name"
                type="text"
                name="name"
                value={p.form('name', '')}
                placeholder="（沿用来源的名称）"
              />
            </div>
          </div>
          <div class="row">
            <span class="label">来源</span>
            <div class="field">
              <label style="display:block">
                <input type="radio" name="source" value="default" checked={source === 'default'} />{' '}
                默认组织快照
                <span class="en">the default tenant (3 apps, ~60 users)</span>
              </label>
              <label style="display:block">
                <input
                  type="radio"
                  name="source"
                  value="snapshot"
                  checked={source === 'snapshot'}
                  disabled={p.snapshots.length === 0}
                />{' '}
                命名快照{' '}
                <select name="snapshot" aria-label="快照">
                  {p.snapshots.map((s) => (
                    <option value={s} selected={p.form('snapshot', '') === s}>
                      {s}
                    </option>
                  ))}
                </select>
                {p.snapshots.length === 0 && <span class="en">none saved yet</span>}
              </label>
              <label style="display:block">
                <input type="radio" name="source" value="generate" checked={source === 'generate'} /> 生成{' '}
                <input
                  type="number"
                  name="users"
                  min={1}
                  max={200000}
                  value={p.form('users', '1000')}
                  aria-label="成员数"
                  style="width:110px"
                />{' '}
                名成员，种子{' '}
                <input
                  type="number"
                  name="seed"
                  value={p.form('seed', '')}
                  aria-label="种子 seed"
                  style="width:90px"
                />
                <span class="en">generated directory (faker zh_CN)</span>
              </label>
            </div>
          </div>
          <div class="row">
            <span class="label" />
            <div class="field">
              <button class="cs-btn primary">创建</button>
            </div>
          </div>
        </form>
      </section>
      <section class="cs-panel">
        <h2>
          保存为快照<span class="en">Save a tenant's current state under a name</span>
        </h2>
        <form method="post" action={`${paths.tenants}/snapshots`} class="cs-toolbar">
          <select name="corpId" aria-label="组织">
            {p.tenants.map((t) => (
              <option value={t.corpId}>{t.name}</option>
            ))}
          </select>
          <input type="text" name="name" placeholder="快照名称" aria-label="快照名称" required />
          <button class="cs-btn">保存快照</button>
          <span class="muted small">已有：{p.snapshots.join('，') || '无'}</span>
        </form>
      </section>
    </div>
  );
}

/** 首页 of one organisation: its CorpId (DingTalk shows it on the home page) and where things are. */
export function TenantHomePage(p: { tenant: Tenant; baseUrl: string }): VNode {
  const t = p.tenant;
  const link = (href: string, zh: string, en: string, note: string) => (
    <div class="cs-card">
      <h3>
        <a href={href}>{zh}</a>
        <span class="en">{en}</span>
      </h3>
      <p>{note}</p>
    </div>
  );
  return (
    <div>
      <Title zh={t.name} en="首页 · organisation home" />
      <section class="cs-panel">
        <div class="cs-kv">
          <span class="k">CorpId</span>
          <span class="mono" id="home-corpid">
            {t.corpId}
          </span>
          <span class="k">成员 / 部门 / 应用</span>
          <span>
            {t.directory.userCount} / {t.directory.departmentCount} / {t.listApps().length}
          </span>
          <span class="k">钉钉接口地址 Base URL</span>
          <span class="mono">{p.baseUrl}</span>
          <span class="k">时钟 (UTC+8)</span>
          <span>{fmt(t.clock.now())}</span>
        </div>
      </section>
      <div class="cs-cards">
        {link(
          paths.apps(t.corpId),
          '钉钉应用',
          'Apps',
          '创建应用、凭证、网页应用、安全设置、权限管理 (guide 3.1–3.3)',
        )}
        {link(paths.directory(t.corpId), '通讯录', 'Directory', '部门与成员；离职；部门调整')}
        {link(paths.journal(t.corpId), '请求日志', 'Journal', '每个调用及被拒原因，链接到对应场景')}
        {link(paths.flows(t.corpId), '登录时间线', 'Timeline', '一次登录的各步调用，看在哪一步出错')}
        {link(paths.faults(t.corpId), '故障规则', 'Faults', '限流、5xx、超时、错误码')}
        {link(paths.clock(t.corpId), '时钟', 'Clock', '推进时间：令牌与授权码过期')}
      </div>
    </div>
  );
}
