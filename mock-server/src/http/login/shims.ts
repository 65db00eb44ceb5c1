/**
 * Stand-ins for DingTalk's two login embed scripts, served by the sandbox. The real scripts
 * hard-code the login host: h5-dingtalk-login/0.21.0/ddlogin.js builds its iframe on
 * https://login.dingtalk.com and accepts messages only from an origin matching /login.dingtalk.com/;
 * dinglogin/0.0.5/ddLogin.js does the same. So a page under test loads these instead (or routes
 * login.dingtalk.com to the sandbox): same globals, same parameters, the sandbox's origin.
 */
import { pageRoute } from '../route.ts';

/** window.DTFrameLogin(frameParams, loginParams, onSuccess, onError) — docs/dingtalk/web-login.md. */
const DT_FRAME_LOGIN = `/* dingtalk-sandbox stand-in for g.alicdn.com/dingding/h5-dingtalk-login/0.21.0/ddlogin.js */
(function () {
  var script = document.currentScript;
  var ORIGIN = script && script.src ? new URL(script.src, location.href).origin : location.origin;
  var KEYS = ['redirect_uri', 'response_type', 'client_id', 'scope', 'prompt', 'state', 'org_type', 'corpId', 'exclusiveLogin', 'exclusiveCorpId'];
  var listener = null;
  window.DTFrameLogin = function (frameParams, loginParams, onSuccess, onError) {
    frameParams = frameParams || {};
    loginParams = loginParams || {};
    var fail = function (msg) { if (typeof onError === 'function') onError(msg); };
    var container = frameParams.id ? document.getElementById(frameParams.id) : null;
    if (!container || !loginParams.redirect_uri || !loginParams.client_id || !loginParams.scope || !loginParams.response_type) {
      fail('Missing parameters');
      return;
    }
    var q = ['iframe=true'];
    KEYS.forEach(function (k) {
      var v = loginParams[k];
      if (v !== undefined && v !== null && v !== '') q.push(k + '=' + encodeURIComponent(v));
    });
    var iframe = document.createElement('iframe');
    iframe.src = ORIGIN + '/oauth2/auth?' + q.join('&');
    iframe.width = String(Math.max(280, Number(frameParams.width) || 300));
    iframe.height = String(Math.max(280, Number(frameParams.height) || 300));
    iframe.setAttribute('frameborder', '0');
    iframe.setAttribute('scrolling', 'no');
    iframe.style.border = 'none';
    container.innerHTML = '';
    container.appendChild(iframe);
    if (listener) window.removeEventListener('message', listener);
    listener = function (event) {
      if (event.origin !== ORIGIN) return;
      var data = event.data || {};
      if (data.success && data.redirectUrl) {
        var url = new URL(data.redirectUrl);
        var authCode = url.searchParams.get('authCode');
        if (authCode) {
          if (typeof onSuccess === 'function') onSuccess({ redirectUrl: data.redirectUrl, authCode: authCode, state: url.searchParams.get('state') });
        } else fail(url.searchParams.get('error'));
      } else fail(data.errorMsg);
    };
    window.addEventListener('message', listener);
  };
})();
`;

/** window.DDLogin({id, goto, style, href, width, height}) — docs/dingtalk/web-login.md, docs/dingtalk/web-login.md. */
const DD_LOGIN = `/* dingtalk-sandbox stand-in for g.alicdn.com/dingding/dinglogin/0.0.5/ddLogin.js */
(function () {
  var script = document.currentScript;
  var ORIGIN = script && script.src ? new URL(script.src, location.href).origin : location.origin;
  window.DDLogin = function (a) {
    var src = ORIGIN + '/login/qrcode.htm?goto=' + a.goto;
    if (a.style) src += '&style=' + encodeURIComponent(a.style);
    if (a.href) src += '&href=' + encodeURIComponent(a.href);
    var iframe = document.createElement('iframe');
    iframe.src = src;
    iframe.setAttribute('frameborder', '0');
    iframe.setAttribute('allowTransparency', 'true');
    iframe.setAttribute('scrolling', 'no');
    iframe.width = a.width || '365';
    iframe.height = a.height || '400';
    var box = document.getElementById(a.id);
    box.innerHTML = '';
    box.appendChild(iframe);
  };
  /** The origin loginTmpCode messages come from (the real one: https://login.dingtalk.com). */
  window.DDLogin.origin = ORIGIN;
})();
`;

/** DTFrameLogin shim — GET /login/ddlogin.js */
export const ddloginScript = pageRoute({
  id: 'login.shim.ddlogin',
  method: 'GET',
  path: '/login/ddlogin.js',
  host: 'login',
  handle: () => ({ script: DT_FRAME_LOGIN }),
});

/** DDLogin shim (legacy) — GET /login/legacy/ddLogin.js */
export const ddLoginLegacyScript = pageRoute({
  id: 'login.shim.ddLogin',
  method: 'GET',
  path: '/login/legacy/ddLogin.js',
  host: 'login',
  handle: () => ({ script: DD_LOGIN }),
});
