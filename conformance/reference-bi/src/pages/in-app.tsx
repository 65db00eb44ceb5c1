/**
 * The app's home inside the DingTalk client (PC and mobile home URLs, L4/L5): dingtalk-jsapi asks the
 * client for a 免登 code (dd.runtime.permission.requestAuthCode({corpId})), the page posts it to the
 * BI, which exchanges it at /topapi/v2/user/getuserinfo. Outside DingTalk it says so and offers the
 * normal login. 授权个人信息 (L6) goes through the login page with prompt=consent.
 */
import { inlineJson } from './render.ts';

export interface InAppConfig {
  platform: 'pc' | 'mobile';
  corpId: string;
  next: string;
  /** Whether to call dd.config (a JSAPI signature is fetched from /dingtalk/jsapi-config). */
  jsapi: boolean;
}

export function InAppPage(props: { config: InAppConfig; consentHref: string; ready: boolean }) {
  const title = props.config.platform === 'pc' ? '观远 BI（钉钉 PC 端）' : '观远 BI';
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <link rel="stylesheet" href="/static/bi.css" />
      </head>
      <body class="in-app">
        <main>
          <h1>{title}</h1>
          {props.ready ? (
            <>
              <div id="in-app-status" class="notice notice-info" data-state="pending">
                <strong class="notice-title">正在通过钉钉免登…</strong>
                <div class="notice-body" id="in-app-message" />
              </div>
              <p class="muted" id="jsapi-status" />
              <p>
                <a href={props.consentHref} id="consent-login">
                  授权个人信息
                </a>
                {' · '}
                <a href="/login?method=password">使用账号密码登录</a>
              </p>
              <script
                type="application/json"
                id="bi-config"
                dangerouslySetInnerHTML={{ __html: inlineJson(props.config) }}
              />
              <script src="/static/dingtalk.open.js" />
              <script src="/static/in-app.js" />
            </>
          ) : (
            <div class="notice notice-error" id="in-app-status" data-state="failed">
              <strong class="notice-title">登录失败</strong>
              <div class="notice-body">BI 尚未开启钉钉集成，请联系管理员。</div>
            </div>
          )}
        </main>
      </body>
    </html>
  );
}
