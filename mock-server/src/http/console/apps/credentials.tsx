/**
 * 凭证与基础信息 (docs/dingtalk/console-ui.md): 应用凭证 — AppId, AppLink, Client ID (原 AppKey), Client
 * Secret (原 AppSecret; masked, shown only after 查看, 重置 asks first), 原企业内部应用AgentId, the
 * CorpId — and the basic information (name, description, icon), editable.
 */
import type { VNode } from 'preact';
import type { App } from '../../../domain/apps/apps.ts';
import { ICON_MAX_BYTES } from '../../admin/validation.ts';
import { paths } from '../paths.ts';
import { AppIcon, ConfirmButton, Title } from '../widgets.tsx';

const fmt = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

/** AppLink: opens the app in the DingTalk client (format inferred from public docs, U). */
export const appLink = (corpId: string, app: App) =>
  `dingtalk://dingtalkclient/action/openapp?corpid=${corpId}&container_type=work_platform&app_id=0_${app.agentId}&redirect_type=jump&redirect_url=${encodeURIComponent(app.webApp.mobileHomeUrl.replace('$CORPID$', corpId))}`;

function Copy(p: { target: string }): VNode {
  return (
    <button type="button" class="cs-btn link small" data-copy={p.target}>
      复制
    </button>
  );
}

export function CredentialsPage(p: {
  corpId: string;
  app: App;
  /** The secret, only after an explicit 查看 (a POST); never in a URL. */
  revealed: boolean;
  form: (name: string, current: string) => string;
}): VNode {
  const { app, corpId } = p;
  const base = paths.app(corpId, app.appKey, 'credentials');
  return (
    <div>
      <Title zh="凭证与基础信息" en="Credentials and basic information" />
      <section class="cs-panel">
        <h2>
          应用凭证<span class="en">App credentials</span>
        </h2>
        <div class="cs-kv">
          <span class="k">AppId ⓘ</span>
          <span>
            <span class="mono" id="cred-appid">
              {app.appId}
            </span>
            <Copy target="#cred-appid" />
          </span>
          <span class="k">AppLink ⓘ</span>
          <span class="small">
            <span class="mono" id="cred-applink" style="word-break:break-all">
              {appLink(corpId, app)}
            </span>
            <Copy target="#cred-applink" />
          </span>
        </div>
        <table class="cs-table" style="margin-top:16px">
          <thead>
            <tr>
              <th>ClientId ⓘ</th>
              <th>ClientSecret ⓘ</th>
              <th>创建时间</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>
                <div class="small muted">Client ID (原 AppKey 和 SuiteKey)</div>
                <span class="mono" id="cred-appkey">
                  {app.appKey}
                </span>
                <Copy target="#cred-appkey" />
              </td>
              <td>
                <div class="small muted">Client Secret (原 AppSecret 和 SuiteSecret)</div>
                <div class="cs-secret">
                  {p.revealed ? (
                    <span class="mono" id="cred-secret" style="word-break:break-all">
                      {app.appSecret}
                    </span>
                  ) : (
                    <span class="mono" id="cred-secret-masked">
                      {'*'.repeat(24)}
                    </span>
                  )}
                  {p.revealed ? (
                    <Copy target="#cred-secret" />
                  ) : (
                    <form method="post" action={`${base}/reveal`}>
                      <button class="cs-btn link small" type="submit">
                        查看
                      </button>
                    </form>
                  )}
                  <ConfirmButton
                    action={`${base}/reset-secret`}
                    label="重置"
                    question="确定重置 ClientSecret（AppSecret）吗？重置后原 Secret 立即失效，使用它的服务将无法获取 access_token。"
                    confirm="确定重置"
                    danger
                  />
                </div>
              </td>
              <td>{fmt(app.createdAt)}</td>
            </tr>
          </tbody>
        </table>
        <div class="cs-kv" style="margin-top:16px">
          <span class="k">原企业内部应用AgentId</span>
          <span>
            <span class="mono" id="cred-agentid">
              {app.agentId}
            </span>
            <Copy target="#cred-agentid" />
          </span>
          <span class="k">
            CorpId<span class="en">组织 ID（钉钉在首页和头像菜单中显示）</span>
          </span>
          <span>
            <span class="mono" id="cred-corpid">
              {corpId}
            </span>
            <Copy target="#cred-corpid" />
          </span>
        </div>
      </section>
      <section class="cs-panel">
        <h2>
          基础信息<span class="en">Basic information</span>
        </h2>
        <form class="cs-form" method="post" action={`${base}/basic`}>
          <div class="row">
            <label for="basic-name">
              <span class="req">*</span>应用名称
            </label>
            <div class="field">
              <input
                id="basic-name"
                type="text"
                name="name"
                maxLength={20}
                required
                value={p.form('name', app.name)}
              />
            </div>
          </div>
          <div class="row">
            <label for="basic-description">
              <span class="req">*</span>应用描述
            </label>
            <div class="field">
              <textarea
                id="basic-description"
                name="description"
                maxLength={200}
                required
                value={p.form('description', app.description)}
              />
            </div>
          </div>
          <div class="row">
            <label for="basic-icon-file">应用图标</label>
            <div class="field cs-iconpick">
              <AppIcon app={app} size={64} />
              <img id="basic-icon-preview" alt="新图标" hidden />
              <div>
                <input
                  id="basic-icon-file"
                  type="file"
                  accept="image/png,image/jpeg"
                  data-icon-for="basic-icon"
                  data-preview="basic-icon-preview"
                  data-error="basic-icon-error"
                  data-max={String(ICON_MAX_BYTES)}
                />
                <input type="hidden" id="basic-icon" name="icon" value="" />
                <div class="help">
                  请上传JPG/PNG格式、240*240px以上、1:1 、2MB 以内的无圆角图标（不选则保持原图标）
                </div>
                <div class="help" id="basic-icon-error" role="alert" style="color:#f54a45" />
              </div>
            </div>
          </div>
          <div class="row">
            <span class="label" />
            <div class="field">
              <button class="cs-btn primary">保存</button>
            </div>
          </div>
        </form>
      </section>
    </div>
  );
}
