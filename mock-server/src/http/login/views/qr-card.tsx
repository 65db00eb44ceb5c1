/**
 * The new web-login card of login.dingtalk.com/oauth2/challenge.htm (docs/dingtalk/web-login.md): QR code,
 * the app name, 自动登录, footer links, and the 账号登录 tab's look (not its function). The class
 * names automation relies on are kept (.app-qr-login-page, .base-comp-check-box-rememberme-box, …).
 */
import { htmlDocument } from './layout.tsx';
import { QR_PAGE_SCRIPT } from './qr-script.ts';

export interface QrCardProps {
  appName: string;
  sid: string;
  svg: string;
  scanUrl: string;
  pollMs: number;
  /** DTFrameLogin iframe: compact card, no page footer. */
  iframe: boolean;
}

/** The QR box and its state overlays; the script flips `data-state`. */
function QrBox(p: QrCardProps) {
  return (
    <div class="module-qrcode-code" data-qr-box data-sid={p.sid} data-state="waiting">
      <div class="qr-svg" data-qr-svg dangerouslySetInnerHTML={{ __html: p.svg }} />
      <div class="qr-veil qr-state-scanned">
        <b>扫码成功</b>
        <span>请在手机上确认登录</span>
        <span class="qr-nick" data-qr-nick />
      </div>
      <div class="qr-veil qr-state-expired">
        <b>二维码已失效</b>
        <button type="button" class="qr-refresh" data-qr-refresh>
          刷新
        </button>
      </div>
      <div class="qr-veil qr-state-cancelled">
        <b>已取消登录</b>
        <button type="button" class="qr-refresh" data-qr-refresh>
          刷新
        </button>
      </div>
      <div class="qr-veil qr-state-confirmed qr-state-refused qr-state-completed">
        <b>登录中…</b>
      </div>
    </div>
  );
}

function AccountPanel() {
  return (
    <section class="module-pass-login" data-panel="account" hidden>
      <div class="module-pass-login-type-tab">
        <span class="module-pass-login-type-tab-item module-pass-login-type-tab-item-active">手机</span>
        <span class="module-pass-login-type-tab-item">邮箱</span>
      </div>
      <input class="module-pass-login-input" type="tel" placeholder="请输入手机号码" />
      <button type="button" class="module-pass-login-next" data-account-next>
        下一步
      </button>
      <p class="module-pass-login-notice" data-account-notice hidden>
        沙箱不支持账号密码登录，请使用钉钉扫码登录
      </p>
    </section>
  );
}

export function qrCardPage(p: QrCardProps): string {
  return htmlDocument({
    title: '钉钉统一身份认证',
    css: CSS,
    bodyClass: p.iframe ? 'in-iframe' : undefined,
    config: { sid: p.sid, pollMs: p.pollMs, mode: 'oauth' },
    script: QR_PAGE_SCRIPT,
    children: (
      <div class="app-qr-login-page">
        <div class="login-card">
          <a class="module-dog-ear" href="#" title="切换登录方式" data-toggle-mode>
            ⌨
          </a>
          <div class="module-logo">钉</div>
          <div class="module-tabs" role="tablist">
            <span role="tab" aria-selected="true" data-tab="qr">
              扫码登录
            </span>
            <span role="tab" aria-selected="false" data-tab="account">
              账号登录
            </span>
          </div>
          <section class="module-qrcode-login" data-panel="qr">
            <h1 class="module-title">使用钉钉扫码或点击头像授权登录</h1>
            <p class="module-app">
              继续使用 <span class="module-app-name">{p.appName}</span>
            </p>
            <div class="module-qrcode">
              <QrBox {...p} />
            </div>
            <a class="sandbox-phone-link" data-scan-link href={p.scanUrl} target="_blank" rel="noopener">
              沙箱：打开模拟手机扫码
            </a>
          </section>
          <AccountPanel />
          <label class="base-comp-check-box-rememberme-box">
            <input type="checkbox" /> 自动登录
          </label>
          <div class="module-links">
            <a href="#">企业账号</a>
            <a href="#">注册账号</a>
            <a href="#">简体中文 ▾</a>
          </div>
        </div>
        {p.iframe ? null : (
          <footer class="page-footer">
            <span>© 2014-2023 钉钉公司 版权所有</span>
            <span>
              <a href="#">隐私政策</a> <a href="#">服务协议</a> <a href="#">法律声明</a>
            </span>
          </footer>
        )}
      </div>
    ),
  });
}

const CSS = `body{background:#f2f3f5}
.app-qr-login-page{min-height:100vh;display:flex;flex-direction:column;align-items:center;justify-content:center;padding:24px 0}
.in-iframe .app-qr-login-page{min-height:0;padding:0;background:#fff}
.login-card{position:relative;width:300px;background:#fff;border-radius:12px;box-shadow:0 6px 24px rgba(0,0,0,.08);padding:24px 20px 14px;text-align:center}
.in-iframe .login-card{box-shadow:none;padding:8px 8px 4px}
.module-dog-ear{position:absolute;right:0;top:0;width:44px;height:44px;border-top-right-radius:12px;background:linear-gradient(225deg,#e8f3ff 50%,transparent 50%);color:#0089ff;text-align:right;padding:4px 6px 0 0}
.module-logo{width:40px;height:40px;margin:0 auto 8px;border-radius:10px;background:#0089ff;color:#fff;font-weight:700;line-height:40px;font-size:20px}
.in-iframe .module-logo,.in-iframe .module-tabs,.in-iframe .module-dog-ear,.in-iframe .base-comp-check-box-rememberme-box,.in-iframe .module-links{display:none}
.in-iframe .module-title{font-size:13px;margin:2px 0}
.in-iframe .module-app{margin-bottom:4px}
.module-tabs{display:flex;justify-content:center;gap:18px;margin-bottom:8px;color:#747677}
.module-tabs [role=tab]{cursor:pointer;padding-bottom:2px}
.module-tabs [aria-selected=true]{color:#171a1d;border-bottom:2px solid #0089ff}
.module-title{font-size:15px;margin:6px 0}
.module-app{margin:0 0 10px;color:#747677}
.module-app-name{color:#0089ff}
.module-qrcode{display:flex;justify-content:center}
.module-qrcode-code{position:relative;width:180px;height:180px}
.in-iframe .module-qrcode-code{width:150px;height:150px}
.qr-svg svg{width:100%;height:100%;display:block}
.qr-veil{position:absolute;inset:0;display:none;flex-direction:column;align-items:center;justify-content:center;gap:6px;background:rgba(255,255,255,.94)}
[data-state=scanned] .qr-state-scanned,[data-state=expired] .qr-state-expired,[data-state=cancelled] .qr-state-cancelled,
[data-state=confirmed] .qr-state-confirmed,[data-state=refused] .qr-state-refused,[data-state=completed] .qr-state-completed{display:flex}
.qr-refresh{border:0;background:#0089ff;color:#fff;border-radius:6px;padding:4px 16px}
.sandbox-phone-link{display:inline-flex;align-items:center;justify-content:center;gap:4px;margin-top:10px;min-height:34px;padding:5px 14px;font-size:14px;color:#0089ff;background:#e6f4ff;border:1px solid #91caff;border-radius:6px;white-space:nowrap}
.sandbox-phone-link:hover{background:#0089ff;color:#fff}
.in-iframe .sandbox-phone-link{margin-top:4px;min-height:28px;padding:2px 10px;font-size:13px}
.module-pass-login{padding:8px 0}
.module-pass-login-type-tab{display:flex;gap:16px;justify-content:center;margin-bottom:10px}
.module-pass-login-type-tab-item-active{color:#0089ff}
.module-pass-login-input{width:100%;height:36px;border:1px solid #e5e6e8;border-radius:6px;padding:0 10px}
.module-pass-login-next{width:100%;height:36px;margin-top:10px;border:0;border-radius:6px;background:#0089ff;color:#fff}
.module-pass-login-notice{color:#ff5219;font-size:12px}
.base-comp-check-box-rememberme-box{display:block;margin:10px 0 6px;color:#747677;font-size:12px}
.module-links{display:flex;justify-content:space-between;font-size:12px}
.module-links a{color:#a2a3a4}
.page-footer{width:420px;margin-top:16px;display:flex;justify-content:space-between;gap:12px;white-space:nowrap;font-size:12px;color:#a2a3a4}
.page-footer a{color:#a2a3a4}
`;
