/**
 * DingTalk's error pages on its login hosts (docs/dingtalk/web-login.md). All HTTP 200 text/html, never a
 * redirect, never a code (U for the status and markup; texts as documented).
 */
import { htmlDocument } from './layout.tsx';

/** E3 text: the redirect_uri's domain is not among the app's safe domains (seed FAQ, C for text). */
export const E3_TEXT = 'redirect_url的域名不在appid的安全域名内';

/** `无权限`: 对不起，你无权限查看该页面，<why> — legacy pages, and E3 on both generations. */
export function noPermissionPage(why: string): string {
  return htmlDocument({
    title: '无权限',
    css: CSS,
    children: (
      <div class="err-page">
        <div class="err-icon">!</div>
        <h1>无权限</h1>
        <p class="err-text">对不起，你无权限查看该页面，{why}</p>
      </div>
    ),
  });
}

/** An error on the new login page: a message and DingTalk's errorCode (900103 应用不存在, 400010 …). */
export function loginErrorPage(message: string, errorCode: string): string {
  return htmlDocument({
    title: '钉钉统一身份认证',
    css: CSS,
    children: (
      <div class="err-page">
        <div class="err-icon">!</div>
        <h1>{message}</h1>
        <p class="err-code">errorCode: {errorCode}</p>
      </div>
    ),
  });
}

/** The in-client 白屏 of E4: an empty document (the reason is only in the journal). */
export function blankPage(): string {
  return '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title></title></head><body></body></html>';
}

/** A sandbox-only explanation (no DingTalk equivalent), e.g. no signed-in client user. */
export function sandboxNoticePage(title: string, text: string): string {
  return htmlDocument({
    title,
    css: CSS,
    children: (
      <div class="err-page">
        <div class="err-icon">i</div>
        <h1>{title}</h1>
        <p class="err-text">{text}</p>
      </div>
    ),
  });
}

const CSS = `body{background:#f2f3f5}
.err-page{max-width:520px;margin:90px auto;background:#fff;border-radius:12px;padding:32px;text-align:center;box-shadow:0 6px 24px rgba(0,0,0,.06)}
.err-icon{width:44px;height:44px;margin:0 auto 12px;border-radius:50%;background:#ff9200;color:#fff;font-size:26px;line-height:44px;font-weight:700}
.err-page h1{font-size:18px;margin:0 0 10px}
.err-text{color:#747677;line-height:1.6}
.err-code{color:#a2a3a4;font-size:12px}
`;
