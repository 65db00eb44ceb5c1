/**
 * The end of a DTFrameLogin (iframe=true) login: instead of navigating, the iframe posts
 * `{success: true, redirectUrl}` to its parent (docs/dingtalk/web-login.md, C[S26]); opened top-level, it
 * navigates to the redirect itself.
 */
import { htmlDocument, scriptJson } from './layout.tsx';

export function postMessagePage(redirectUrl: string): string {
  return htmlDocument({
    title: '钉钉统一身份认证',
    css: 'body{background:#fff;text-align:center;padding-top:40px;color:#747677}',
    script: `(function () {
  var data = { success: true, redirectUrl: ${scriptJson(redirectUrl)} };
  if (window.parent && window.parent !== window) window.parent.postMessage(data, '*');
  else window.location.replace(data.redirectUrl);
})();`,
    children: <p class="finish-text">正在跳转…</p>,
  });
}
