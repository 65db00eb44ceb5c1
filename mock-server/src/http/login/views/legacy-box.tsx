/**
 * The legacy QR box of oapi.dingtalk.com/connect/qrconnect and of the ddLogin iframe
 * (login.dingtalk.com/login/qrcode.htm), per docs/dingtalk/web-login.md: 320×350 box, 210 px QR,
 * `请使用钉钉扫描二维码登录` + `刷新`, and the expired veil. Scanned/cancelled overlays are U.
 */
import { htmlDocument } from './layout.tsx';
import { QR_PAGE_SCRIPT } from './qr-script.ts';

export interface LegacyBoxProps {
  sid: string;
  svg: string;
  scanUrl: string;
  pollMs: number;
  appName: string;
  /** Inside the ddLogin iframe: no page chrome; posts the loginTmpCode to the parent. */
  embedded: boolean;
}

function Box(p: LegacyBoxProps) {
  return (
    <div class="login_qrcode_content" data-qr-box data-sid={p.sid} data-state="waiting">
      <div class="login_qrcode_img">
        <div class="qr-svg" data-qr-svg dangerouslySetInnerHTML={{ __html: p.svg }} />
        <div class="login_qrcode_veil qr-state-expired">
          <p>您的二维码已失效，</p>
          <p>请点击下方刷新按钮</p>
        </div>
        <div class="login_qrcode_veil ok qr-state-scanned">
          <p>扫码成功</p>
          <p class="sub">请在手机上确认登录</p>
          <p class="sub" data-qr-nick />
        </div>
        <div class="login_qrcode_veil qr-state-cancelled">
          <p>已取消登录</p>
          <p class="sub">请点击下方刷新按钮</p>
        </div>
        <div class="login_qrcode_veil ok qr-state-confirmed qr-state-refused qr-state-completed">
          <p>登录中…</p>
        </div>
      </div>
      <div class="login_qrcode_text">
        请使用钉钉扫描二维码登录
        <a href="#" class="login_qrcode_refresh" data-qr-refresh>
          <span class="refresh_icon">↻</span>刷新
        </a>
      </div>
      <a class="sandbox-phone-link" data-scan-link href={p.scanUrl} target="_blank" rel="noopener">
        沙箱：打开模拟手机扫码
      </a>
    </div>
  );
}

export function legacyQrPage(p: LegacyBoxProps): string {
  return htmlDocument({
    title: '钉钉登录',
    css: CSS,
    bodyClass: p.embedded ? 'embedded' : 'full',
    config: { sid: p.sid, pollMs: p.pollMs, mode: p.embedded ? 'embedded' : 'sns' },
    script: QR_PAGE_SCRIPT,
    children: p.embedded ? (
      <Box {...p} />
    ) : (
      <div class="login_wrap">
        <div class="login_header">
          <span class="logo">钉</span> 钉钉登录
        </div>
        <p class="login_app">
          登录 <b>{p.appName}</b>
        </p>
        <Box {...p} />
      </div>
    ),
  });
}

const CSS = `body.full{background:#fff}
.login_wrap{width:320px;margin:60px auto;text-align:center}
.login_header{font-size:20px;font-weight:600;margin-bottom:8px}
.login_header .logo{display:inline-block;width:28px;height:28px;line-height:28px;border-radius:6px;background:#38adff;color:#fff;font-size:16px}
.login_app{color:#898d90;margin:0 0 12px}
.login_qrcode_content{width:320px;height:350px;margin:0 auto;border:1px solid #e8e8e8;border-radius:5px;background:#f9f9f9;padding-top:40px;text-align:center}
.embedded .login_qrcode_content{margin:0}
.login_qrcode_img{position:relative;width:210px;height:210px;margin:0 auto;background:#fff}
.qr-svg svg{width:210px;height:210px;display:block}
.login_qrcode_veil{position:absolute;inset:0;display:none;flex-direction:column;justify-content:center;background:rgba(255,255,255,.9);color:#fa5b5b;font-size:16px}
.login_qrcode_veil.ok{color:#38adff}
.login_qrcode_veil p{margin:2px 0}
.login_qrcode_veil .sub{font-size:13px;color:#898d90}
[data-state=scanned] .qr-state-scanned,[data-state=expired] .qr-state-expired,[data-state=cancelled] .qr-state-cancelled,
[data-state=confirmed] .qr-state-confirmed,[data-state=refused] .qr-state-refused,[data-state=completed] .qr-state-completed{display:flex}
.login_qrcode_text{margin-top:22px;color:#898d90;font-size:14px}
.login_qrcode_refresh{color:#38adff;margin-left:6px}
.sandbox-phone-link{display:inline-flex;align-items:center;justify-content:center;gap:4px;margin-top:10px;min-height:34px;padding:5px 14px;font-size:14px;color:#0089ff;background:#e6f4ff;border:1px solid #91caff;border-radius:6px;white-space:nowrap}
.sandbox-phone-link:hover{background:#0089ff;color:#fff}
`;
