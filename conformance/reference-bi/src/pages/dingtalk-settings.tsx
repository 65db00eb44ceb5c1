/**
 * 管理员设置 > 系统集成 > 钉钉 (guide step 3.2): 配置微应用信息 with 测试连接 and 确定, the values to
 * copy into the DingTalk console, the enable switch, the QR-login generation and the group robot.
 * The saved AppSecret is never rendered: the field stays empty and empty means "keep the saved one".
 */
import { requiredScopes } from '../dingtalk/required-scopes.ts';
import { Layout, Notice, type Chrome } from './layout.tsx';

export interface AppForm {
  appKey: string;
  /** Only what the admin just typed (never the saved secret). */
  appSecret: string;
  agentId: string;
  corpId: string;
}

export interface Outcome {
  tone: 'ok' | 'error';
  title: string;
  /** DingTalk's words, verbatim. */
  text: string;
  detail?: string;
}

export interface DingTalkSettingsProps {
  chrome: Chrome;
  saved: { appKey: string; agentId: number; corpId: string } | null;
  enabled: boolean;
  generation: 'new' | 'legacy';
  urls: { pc: string; mobile: string; redirect: string; events: string };
  form: AppForm;
  formOpen: boolean;
  outcome?: Outcome;
  robot: { webhook: string; hasSecret: boolean; enabled: boolean } | null;
  /** 事件订阅: token and aes_key saved (never shown again). */
  eventsConfigured: boolean;
}

export function DingTalkSettingsPage(p: DingTalkSettingsProps) {
  return (
    <Layout title="钉钉" chrome={p.chrome}>
      <p class="crumbs">管理员设置 &gt; 系统集成 &gt; 钉钉</p>
      <h1>钉钉</h1>
      {p.outcome && (
        <Notice tone={p.outcome.tone} title={p.outcome.title}>
          <p class="outcome-text" id="connection-result">
            {p.outcome.text}
          </p>
          {p.outcome.detail && <p class="muted">{p.outcome.detail}</p>}
        </Notice>
      )}

      <section class="card">
        <h2>微应用信息</h2>
        {p.saved ? (
          <table class="kv">
            <tbody>
              <tr>
                <th>AppKey</th>
                <td id="saved-appkey">{p.saved.appKey}</td>
              </tr>
              <tr>
                <th>AppSecret</th>
                <td class="muted">已保存（不显示）</td>
              </tr>
              <tr>
                <th>AgentId</th>
                <td>{p.saved.agentId}</td>
              </tr>
              <tr>
                <th>CorpId</th>
                <td>{p.saved.corpId}</td>
              </tr>
            </tbody>
          </table>
        ) : (
          <p class="muted">尚未配置。请在钉钉开放平台「凭证与基础信息」中获取以下信息。</p>
        )}
        <details open={p.formOpen || !p.saved}>
          <summary class="button" id="configure-app">
            配置微应用信息
          </summary>
          <form method="post" action="/admin/integrations/dingtalk/save" class="stack" id="app-form">
            <label>
              AppKey
              <input name="appKey" required value={p.form.appKey} autocomplete="off" />
            </label>
            <label>
              AppSecret
              <input
                name="appSecret"
                type="password"
                value={p.form.appSecret}
                autocomplete="new-password"
                placeholder={p.saved ? '已保存，留空则保持不变' : ''}
                required={!p.saved}
              />
            </label>
            <label>
              AgentId
              <input name="agentId" required inputMode="numeric" value={p.form.agentId} autocomplete="off" />
            </label>
            <label>
              CorpId
              <input name="corpId" required value={p.form.corpId} autocomplete="off" />
            </label>
            <div class="buttons">
              <button type="submit" formaction="/admin/integrations/dingtalk/test" id="test-connection">
                测试连接
              </button>
              <button type="submit" class="primary" id="save-app">
                确定
              </button>
            </div>
            <p class="muted">「确定」会先测试连接，连接成功才会保存；失败时不保存任何内容。</p>
          </form>
        </details>
      </section>

      {p.saved && (
        <section class="card" id="console-values">
          <h2>钉钉应用配置所需信息</h2>
          <p class="muted">
            请复制到钉钉开放平台：「网页应用」的首页地址，以及「安全设置」的重定向 URL（回调域名）。
          </p>
          <table class="kv">
            <tbody>
              <tr>
                <th>应用首页地址（移动端）</th>
                <td>
                  <code id="mobile-home-url">{p.urls.mobile}</code>
                </td>
              </tr>
              <tr>
                <th>PC 端首页地址</th>
                <td>
                  <code id="pc-home-url">{p.urls.pc}</code>
                </td>
              </tr>
              <tr>
                <th>重定向 URL（回调域名）</th>
                <td>
                  <code id="redirect-url">{p.urls.redirect}</code>
                </td>
              </tr>
            </tbody>
          </table>
          <RequiredScopes generation={p.generation} />
        </section>
      )}

      {p.saved && (
        <section class="card">
          <h2>开启钉钉功能</h2>
          <form method="post" action="/admin/integrations/dingtalk/enable" class="inline">
            <label class="switch">
              <input type="checkbox" name="enabled" value="on" checked={p.enabled} id="dingtalk-enabled" />
              开启钉钉（扫码登录、应用内免登、消息推送、账户同步）
            </label>
            <label>
              扫码登录方式
              <select name="generation">
                <option value="new" selected={p.generation === 'new'}>
                  新版（login.dingtalk.com）
                </option>
                <option value="legacy" selected={p.generation === 'legacy'}>
                  旧版（/connect/qrconnect）
                </option>
              </select>
            </label>
            <button type="submit" id="save-enabled">
              保存
            </button>
          </form>
          <p>
            当前状态：<strong id="dingtalk-status">{p.enabled ? '已开启' : '未开启'}</strong>
            {p.enabled && (
              <>
                {' · '}
                <a href="/admin/sync">账户同步</a>
              </>
            )}
          </p>
        </section>
      )}

      {p.saved && <EventSubscription url={p.urls.events} configured={p.eventsConfigured} />}

      {p.saved && (
        <section class="card">
          <h2>群机器人（预警推送）</h2>
          <form method="post" action="/admin/integrations/dingtalk/robot" class="stack">
            <label>
              Webhook 地址
              <input
                name="webhook"
                value={p.robot?.webhook ?? ''}
                placeholder="https://oapi.dingtalk.com/robot/send?access_token=…"
              />
            </label>
            <label>
              加签密钥（SEC 开头）
              <input
                name="secret"
                type="password"
                autocomplete="new-password"
                placeholder={p.robot?.hasSecret ? '已保存，留空则保持不变' : ''}
              />
            </label>
            <label class="switch">
              <input type="checkbox" name="enabled" value="on" checked={p.robot?.enabled ?? false} />
              启用群机器人
            </label>
            <button type="submit">保存机器人设置</button>
          </form>
        </section>
      )}
    </Layout>
  );
}

/**
 * 事件订阅: where DingTalk pushes directory changes, so that a person who leaves loses access at once
 * (账户同步 stays the fallback). The admin copies the URL into DingTalk and the token and aes_key back.
 */
function EventSubscription(p: { url: string; configured: boolean }) {
  return (
    <section class="card" id="event-subscription">
      <h2>事件订阅（通讯录变更实时同步）</h2>
      <p class="muted">
        在钉钉开放平台「开发配置 › 事件订阅」中选择 HTTP
        推送，填写下方请求网址，并勾选通讯录事件（用户增加、更改、离职，部门创建、修改、删除）。
        离职的用户会被立即停用，改名的用户会被立即更新，无需等待账户同步。
      </p>
      <table class="kv">
        <tbody>
          <tr>
            <th>请求网址</th>
            <td>
              <code id="events-url">{p.url}</code>
            </td>
          </tr>
          <tr>
            <th>状态</th>
            <td id="events-status">{p.configured ? '已配置' : '未配置'}</td>
          </tr>
        </tbody>
      </table>
      <form method="post" action="/admin/integrations/dingtalk/events" class="stack" id="events-form">
        <label>
          签名 token
          <input
            name="token"
            type="password"
            autocomplete="off"
            maxLength={128}
            placeholder={p.configured ? '已保存，留空则保持不变' : '与钉钉「事件订阅」页的签名 token 相同'}
            required={!p.configured}
          />
        </label>
        <label>
          加密 aes_key
          <input
            name="aesKey"
            type="password"
            autocomplete="off"
            pattern="[A-Za-z0-9]{43}"
            placeholder={
              p.configured ? '已保存，留空则保持不变' : '43 位字母或数字，与钉钉「事件订阅」页相同'
            }
            required={!p.configured}
          />
        </label>
        <button type="submit" id="save-events">
          保存事件订阅设置
        </button>
      </form>
    </section>
  );
}

/** 所需权限: every point the selected QR-login generation needs, with why (S3). */
function RequiredScopes(p: { generation: 'new' | 'legacy' }) {
  return (
    <div id="required-scopes">
      <p class="muted">
        所需权限（钉钉开放平台「权限管理」中开通；扫码登录方式：{p.generation === 'new' ? '新版' : '旧版'}）：
      </p>
      <ul class="muted">
        {requiredScopes(p.generation).map((s) => (
          <li data-scope={s.scope}>
            <code>{s.scope}</code>
            {s.byDefault ? '（默认开通，勿撤销）' : ''} — {s.feature}：{s.why}
          </li>
        ))}
      </ul>
      <p class="muted">群机器人使用自定义机器人 Webhook，无需权限点。</p>
    </div>
  );
}
