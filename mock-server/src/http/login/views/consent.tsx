/**
 * The consent card of the web login with `prompt=consent` (docs/dingtalk/web-login.md, C[P1]): the app
 * wants to access your account, one bullet per personal point, 拒绝 / 同意.
 */
import type { ConsentPoint } from '../../../domain/login/consents.ts';
import { htmlDocument } from './layout.tsx';

export interface ConsentProps {
  sid: string;
  appName: string;
  userName: string;
  points: ConsentPoint[];
  iframe: boolean;
}

export function consentPage(p: ConsentProps): string {
  const lines = [...new Set(p.points.map((x) => x.text))];
  return htmlDocument({
    title: '钉钉统一身份认证',
    css: CSS,
    bodyClass: p.iframe ? 'in-iframe' : undefined,
    children: (
      <div class="app-qr-login-page">
        <form class="login-card module-consent" method="post" action="/oauth2/consent">
          <input type="hidden" name="sid" value={p.sid} />
          <h1 class="module-consent-title">
            <span class="module-app-name">{p.appName}</span> 想要访问你的账号
          </h1>
          <div class="module-consent-user">
            <span class="avatar">{p.userName.slice(-2)}</span>
            <span>{p.userName}</span>
          </div>
          <p class="module-consent-sub">这样即可让 {p.appName}</p>
          <ul class="module-consent-points">
            {lines.map((t) => (
              <li key={t}>{t}</li>
            ))}
          </ul>
          <p class="module-consent-agreement">
            请您阅读并同意遵守 <a href="#">授权协议</a>
          </p>
          <div class="module-consent-submit">
            <button type="submit" name="decision" value="deny" class="module-consent-submit-deny">
              拒绝
            </button>
            <button type="submit" name="decision" value="agree" class="module-consent-submit-agree">
              同意
            </button>
          </div>
        </form>
      </div>
    ),
  });
}

const CSS = `body{background:#f2f3f5}
.in-iframe{background:#fff}
.app-qr-login-page{min-height:100vh;display:flex;align-items:center;justify-content:center}
.in-iframe .app-qr-login-page{min-height:0}
.login-card{width:300px;background:#fff;border-radius:12px;box-shadow:0 6px 24px rgba(0,0,0,.08);padding:22px 20px}
.in-iframe .login-card{box-shadow:none;padding:6px}
.module-consent-title{font-size:16px;margin:0 0 12px;text-align:center}
.module-app-name{color:#0089ff}
.module-consent-user{display:flex;align-items:center;gap:8px;justify-content:center;margin-bottom:10px}
.avatar{width:32px;height:32px;border-radius:8px;background:#0089ff;color:#fff;font-size:12px;display:inline-flex;align-items:center;justify-content:center}
.module-consent-sub{margin:6px 0;color:#171a1d}
.module-consent-points{margin:0 0 10px;padding-left:18px;color:#747677}
.module-consent-agreement{font-size:12px;color:#a2a3a4}
.module-consent-submit{display:flex;gap:12px}
.module-consent-submit button{flex:1;height:36px;border-radius:6px;border:1px solid #e5e6e8;background:#fff}
.module-consent-submit .module-consent-submit-agree{background:#0089ff;border-color:#0089ff;color:#fff}
`;
