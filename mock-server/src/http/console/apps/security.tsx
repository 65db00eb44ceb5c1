/**
 * 开发配置 > 安全设置 (docs/dingtalk/console-ui.md, labels and helper texts C): 服务器出口IP and 重定向URL,
 * comma-separated; 端内免登地址 and 敏感信息说明 are shown but not simulated.
 */
import type { VNode } from 'preact';
import type { App } from '../../../domain/apps/apps.ts';
import { paths } from '../paths.ts';
import { Title } from '../widgets.tsx';

export function SecurityPage(p: {
  corpId: string;
  app: App;
  form: (name: string, current: string) => string;
}): VNode {
  const { app, corpId } = p;
  return (
    <div>
      <Title zh="安全设置" en="Security settings" />
      <section class="cs-panel">
        <form class="cs-form" method="post" action={paths.app(corpId, app.appKey, 'security')}>
          <div class="row">
            <label for="sec-ips">服务器出口IP：</label>
            <div class="field">
              <textarea
                id="sec-ips"
                name="ipAllowList"
                value={p.form('ipAllowList', app.ipAllowList.join(','))}
              />
              <div class="help">
                调用钉钉服务端API时的合法IP列表，多个IP请以","隔开，支持带一个*号通配符的IP格式
              </div>
              <div class="help en">Server egress IPs; empty = any address (sandbox).</div>
            </div>
          </div>
          <div class="row">
            <label for="sec-redirects">重定向URL：</label>
            <div class="field">
              <textarea
                id="sec-redirects"
                name="redirectUrls"
                value={p.form('redirectUrls', app.redirectUrls.join(','))}
              />
              <div class="help">
                添加重定向URL作为免登授权码跳转地址,多个地址用","分隔。
                <a
                  href="https://open.dingtalk.com/document/orgapp/logon-free-third-party-websites"
                  rel="noreferrer"
                >
                  了解更多
                </a>
              </div>
              <div class="help en">
                重定向URL（回调域名）: their host names are the app's safe domains (E3).
              </div>
            </div>
          </div>
          <div class="row">
            <label for="sec-inapp">端内免登地址：</label>
            <div class="field">
              <input id="sec-inapp" type="text" disabled placeholder="请填写 HTTP/HTTPS 开头的 免登URL" />
              <div class="help">可添加除应用首页地址外，支持用户免登的其它域名列表，最多可添加5个域名。</div>
              <div class="help en">沙箱未模拟 (not simulated)</div>
            </div>
          </div>
          <div class="row">
            <label for="sec-sensitive">敏感信息说明：</label>
            <div class="field">
              <textarea
                id="sec-sensitive"
                disabled
                placeholder="示例： 采集获取用户的姓名、手机号等用于流程功能场景；…"
              />
              <div class="help">ISV未使用钉钉接口，应用自采集的用户数据类型及使用场景说明</div>
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
