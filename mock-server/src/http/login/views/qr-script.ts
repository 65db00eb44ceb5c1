/**
 * The login pages' client script (plain ES5 text, inlined): polls the QR session's status, flips
 * the QR box's `data-state`, moves on when the phone confirms, and 刷新 fetches a new session.
 * Reads its settings from <script id="page-config">: {sid, pollMs, mode: 'oauth'|'sns'|'embedded'}.
 */
export const QR_PAGE_SCRIPT = `(function () {
  var cfg = JSON.parse(document.getElementById('page-config').textContent);
  var box = document.querySelector('[data-qr-box]');
  var sid = cfg.sid;
  var timer = null;
  function show(state, nick) {
    box.setAttribute('data-state', state);
    var n = box.querySelector('[data-qr-nick]');
    if (n) n.textContent = nick || '';
  }
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(poll, cfg.pollMs);
  }
  function poll() {
    var asked = sid;
    fetch('/login/qr/status?sid=' + encodeURIComponent(asked), { cache: 'no-store' })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (asked !== sid) return;
        if (!s.status) { schedule(); return; }
        show(s.status, s.nick);
        if (s.status === 'confirmed' || s.status === 'refused') {
          if (cfg.mode === 'embedded' && s.loginTmpCode) { window.parent.postMessage(s.loginTmpCode, '*'); return; }
          if (s.next) { window.location.href = s.next; return; }
        }
        if (s.status === 'waiting' || s.status === 'scanned') schedule();
      })
      .catch(schedule);
  }
  function refresh() {
    fetch('/login/qr/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sid: sid })
    })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (!s.sid) return;
        sid = s.sid;
        box.setAttribute('data-sid', sid);
        box.querySelector('[data-qr-svg]').innerHTML = s.svg;
        var link = document.querySelector('[data-scan-link]');
        if (link) link.setAttribute('href', s.scanUrl);
        show('waiting');
        schedule();
      });
  }
  Array.prototype.forEach.call(document.querySelectorAll('[data-qr-refresh]'), function (el) {
    el.addEventListener('click', function (e) { e.preventDefault(); refresh(); });
  });
  // The 账号登录 tab and the dog-ear switch panels; account login is look only.
  function selectTab(name) {
    Array.prototype.forEach.call(document.querySelectorAll('[data-tab]'), function (t) {
      t.setAttribute('aria-selected', String(t.getAttribute('data-tab') === name));
    });
    Array.prototype.forEach.call(document.querySelectorAll('[data-panel]'), function (p) {
      p.hidden = p.getAttribute('data-panel') !== name;
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll('[data-tab]'), function (t) {
    t.addEventListener('click', function () { selectTab(t.getAttribute('data-tab')); });
  });
  var ear = document.querySelector('[data-toggle-mode]');
  if (ear) ear.addEventListener('click', function (e) {
    e.preventDefault();
    var qr = document.querySelector('[data-panel=qr]');
    selectTab(qr && qr.hidden ? 'qr' : 'account');
  });
  var next = document.querySelector('[data-account-next]');
  if (next) next.addEventListener('click', function () {
    document.querySelector('[data-account-notice]').hidden = false;
  });
  schedule();
})();
`;
