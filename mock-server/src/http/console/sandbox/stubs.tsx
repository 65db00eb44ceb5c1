/**
 * 桩接口 (stubs): the tenant's stubs for endpoints the sandbox does not emulate — what each matches,
 * what it answers, its hits — and a form to add one (docs/stubs.md). Values are shown as text, never
 * as markup: a stub's body is JSON a user typed.
 */
import type { VNode } from 'preact';
import { SCOPES } from '../../../domain/apps/scopes.ts';
import { STUB_HOSTS, STUB_METHODS, type Stub } from '../../../domain/stubs/stub.ts';
import { paths } from '../paths.ts';
import { ConfirmButton, Title } from '../widgets.tsx';

const json = (v: unknown): string => JSON.stringify(v);

/** Long JSON cut for the table; the admin API has it whole. */
const short = (s: string, max = 160): string => (s.length > max ? `${s.slice(0, max)}…` : s);

export function StubsPage(p: {
  corpId: string;
  stubs: Stub[];
  form: (name: string, current: string) => string;
}): VNode {
  const base = paths.stubs(p.corpId);
  const v = p.form;
  return (
    <div>
      <Title zh="桩接口" en="Stubs" />
      <section class="cs-panel">
        <div class="cs-toolbar">
          <span class="muted small">
            沙箱未模拟的接口按这里的定义应答；真实接口优先，按添加顺序匹配。
            <span class="en">
              Endpoints the sandbox does not emulate answer as defined here; real routes win; first added,
              first matched.
            </span>
          </span>
          <span class="grow" />
          {p.stubs.length > 0 && (
            <ConfirmButton
              action={`${base}/clear`}
              label="全部清除"
              question="删除本组织的全部桩接口？Remove every stub?"
              danger
            />
          )}
        </div>
        <table class="cs-table" id="stub-table">
          <thead>
            <tr>
              <th>ID</th>
              <th>
                接口 <span class="en">endpoint</span>
              </th>
              <th>
                匹配 <span class="en">match</span>
              </th>
              <th>
                应答 <span class="en">answer</span>
              </th>
              <th>
                命中 <span class="en">hits</span>
              </th>
              <th />
            </tr>
          </thead>
          <tbody>
            {p.stubs.length === 0 && (
              <tr>
                <td colSpan={6} class="cs-empty">
                  暂无内容 <span class="en">no stubs</span>
                </td>
              </tr>
            )}
            {p.stubs.map((s) => (
              <tr data-stub={s.id}>
                <td class="mono nowrap">
                  {s.id}
                  <div class="en-line">stub:{s.id}</div>
                </td>
                <td>
                  <div class="mono">
                    {s.host} {s.method} {s.path}
                  </div>
                  {s.description && <div class="small">说明：{s.description}</div>}
                </td>
                <td class="small">
                  <div>
                    {s.requireToken ? '需要本组织的 access_token' : '无需 access_token'}
                    <span class="en">{s.requireToken ? 'token of this corp' : 'no token'}</span>
                  </div>
                  {s.scope && <div class="mono">权限点 {s.scope}</div>}
                  {s.query && <div class="mono">query {short(json(s.query))}</div>}
                  {s.body !== undefined && <div class="mono">body ⊇ {short(json(s.body))}</div>}
                </td>
                <td class="small">
                  <div>
                    HTTP {s.response.status}
                    {s.response.raw ? ' · 原样 raw' : ' · 信封 envelope'}
                  </div>
                  <div class="mono stub-answer">{short(json(s.response.body))}</div>
                </td>
                <td>{s.hits}</td>
                <td>
                  <form method="post" action={`${base}/${encodeURIComponent(s.id)}/delete`}>
                    <button class="cs-btn small danger">删除</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section class="cs-panel">
        <h2>
          添加桩接口<span class="en">Add a stub</span>
        </h2>
        <form class="cs-form" method="post" action={base} id="stub-form">
          <fieldset>
            <legend>
              请求 <span class="en">request</span>
            </legend>
            <div class="row">
              <label for="stub-host">域名 host</label>
              <div class="field">
                <select id="stub-host" name="host">
                  {STUB_HOSTS.map((h) => (
                    <option value={h} selected={v('host', 'oapi') === h}>
                      {h}.dingtalk.com
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <div class="row">
              <label for="stub-method">方法 method</label>
              <div class="field">
                <select id="stub-method" name="method">
                  {STUB_METHODS.map((m) => (
                    <option value={m} selected={v('method', 'POST') === m}>
                      {m}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <div class="row">
              <label for="stub-path">路径 path</label>
              <div class="field">
                <input
                  id="stub-path"
                  type="text"
                  name="path"
                  value={v('path', '')}
                  placeholder="/topapi/attendance/getleavestatus"
                />
                <div class="en-line">
                  精确路径，或 * 匹配一段内任意文字、** 匹配任意多段 (exact, or a glob)
                </div>
              </div>
            </div>
            <div class="row">
              <label for="stub-query">查询参数 query</label>
              <div class="field">
                <input
                  id="stub-query"
                  type="text"
                  name="query"
                  value={v('query', '')}
                  placeholder='{"type":"1"}（可空 optional）'
                />
              </div>
            </div>
            <div class="row">
              <label for="stub-body">请求体包含 body</label>
              <div class="field">
                <textarea
                  id="stub-body"
                  name="body"
                  value={v('body', '')}
                  placeholder='{"userid":"manager1471"}（可空 optional；JSON 子集匹配 subset match）'
                />
              </div>
            </div>
            <div class="row">
              <label for="stub-token">access_token</label>
              <div class="field">
                <select id="stub-token" name="requireToken">
                  <option value="yes" selected={v('requireToken', 'yes') === 'yes'}>
                    需要本组织有效的 access_token (required)
                  </option>
                  <option value="no" selected={v('requireToken', 'yes') === 'no'}>
                    无需 (not required)
                  </option>
                </select>
              </div>
            </div>
            <div class="row">
              <label for="stub-scope">权限点 scope</label>
              <div class="field">
                <input id="stub-scope" type="text" name="scope" list="stub-scopes" value={v('scope', '')} />
                <datalist id="stub-scopes">
                  {SCOPES.map((s) => (
                    <option value={s.scope}>{s.name}</option>
                  ))}
                </datalist>
              </div>
            </div>
          </fieldset>
          <fieldset>
            <legend>
              应答 <span class="en">answer</span>
            </legend>
            <div class="row">
              <label for="stub-status">HTTP 状态码</label>
              <div class="field">
                <input id="stub-status" type="number" name="status" value={v('status', '200')} />
              </div>
            </div>
            <div class="row">
              <label for="stub-response">响应体 body</label>
              <div class="field">
                <textarea id="stub-response" name="responseBody" value={v('responseBody', '{}')} />
              </div>
            </div>
            <div class="row">
              <label for="stub-raw">信封 envelope</label>
              <div class="field">
                <select id="stub-raw" name="raw">
                  <option value="no" selected={v('raw', 'no') === 'no'}>
                    按域名加信封（oapi：errcode 0 / errmsg ok）
                  </option>
                  <option value="yes" selected={v('raw', 'no') === 'yes'}>
                    原样返回 (raw)
                  </option>
                </select>
              </div>
            </div>
            <div class="row">
              <label for="stub-id">ID</label>
              <div class="field">
                <input
                  id="stub-id"
                  type="text"
                  name="id"
                  value={v('id', '')}
                  placeholder="可空 (generated)"
                />
              </div>
            </div>
            <div class="row">
              <label for="stub-description">说明</label>
              <div class="field">
                <input id="stub-description" type="text" name="description" value={v('description', '')} />
              </div>
            </div>
          </fieldset>
          <button class="cs-btn primary">添加桩接口</button>
        </form>
      </section>
    </div>
  );
}
