/* global window, document, location */
// In-app 免登 (L4, L5): ask the DingTalk client for a code, hand it to the BI, follow the answer.
(function () {
  'use strict';
  var cfg = JSON.parse(document.getElementById('bi-config').textContent);
  var box = document.getElementById('in-app-status');
  var title = box.querySelector('.notice-title');
  var body = document.getElementById('in-app-message');

  function show(state, heading, text, hint) {
    box.dataset.state = state;
    box.className = 'notice ' + (state === 'failed' ? 'notice-error' : 'notice-info');
    title.textContent = heading;
    body.textContent = '';
    var p = document.createElement('p');
    p.className = 'error-text';
    p.id = 'login-error';
    p.textContent = text || '';
    body.appendChild(p);
    if (hint) {
      var h = document.createElement('p');
      h.className = 'hint';
      h.textContent = hint;
      body.appendChild(h);
    }
  }

  function describe(e) {
    if (!e) return '未知错误';
    return e.errorMessage || e.message || JSON.stringify(e);
  }

  var dd = window.dd;
  if (!dd || !dd.env || dd.env.platform === 'notInDingTalk') {
    show(
      'failed',
      '请在钉钉客户端中打开',
      '当前页面不在钉钉客户端内，无法免登。',
      '可以使用账号密码登录，或在电脑浏览器中使用钉钉扫码登录。',
    );
    return;
  }

  // dd.config is only needed for JSAPIs beyond requestAuthCode; a failure here does not block login.
  if (cfg.jsapi) {
    var jsapiStatus = document.getElementById('jsapi-status');
    fetch('/dingtalk/jsapi-config?url=' + encodeURIComponent(location.href.split('#')[0]), {
      credentials: 'same-origin',
    })
      .then(function (r) {
        return r.json();
      })
      .then(function (c) {
        if (!c.ok) {
          jsapiStatus.textContent = 'JSAPI 鉴权未完成：' + c.message;
          return;
        }
        dd.error(function (e) {
          jsapiStatus.dataset.state = 'error';
          jsapiStatus.textContent = 'JSAPI 鉴权失败：' + describe(e);
        });
        dd.ready(function () {
          jsapiStatus.dataset.state = 'ready';
          jsapiStatus.textContent = 'JSAPI 鉴权成功';
        });
        dd.config(c.config);
      })
      .catch(function () {});
  }

  dd.runtime.permission
    .requestAuthCode({ corpId: cfg.corpId })
    .then(function (r) {
      var code = r && (r.code || r.authCode);
      if (!code) throw { errorMessage: '钉钉客户端未返回免登授权码' };
      return fetch('/auth/dingtalk/in-app', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: code, next: cfg.next, platform: cfg.platform }),
      }).then(function (res) {
        return res.json();
      });
    })
    .then(
      function (res) {
        if (res.ok) {
          box.dataset.state = 'ok';
          title.textContent = '登录成功，正在进入…';
          location.replace(res.redirect);
        } else {
          show('failed', '登录失败', res.text, res.hint);
        }
      },
      function (e) {
        show('failed', '登录失败', '无法获取钉钉免登授权码：' + describe(e));
      },
    );
})();
