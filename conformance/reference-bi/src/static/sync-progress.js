/* global document, location */
// 账户同步 progress: poll the run until it is no longer running, then reload for the report.
(function () {
  'use strict';
  var el = document.getElementById('sync-progress');
  var id = el.dataset.run;
  function poll() {
    fetch('/admin/sync/runs/' + id + '/status', { credentials: 'same-origin' })
      .then(function (r) {
        return r.json();
      })
      .then(function (run) {
        if (run.status !== 'running') {
          location.reload();
          return;
        }
        el.textContent =
          '阶段：' +
          run.phaseText +
          ' · 已读取部门 ' +
          run.departmentsSeen +
          ' 个 · 用户 ' +
          run.usersSeen +
          ' 人 · 分页 ' +
          run.pagesFetched +
          ' 次';
        setTimeout(poll, 200);
      })
      .catch(function () {
        setTimeout(poll, 2000);
      });
  }
  // A small corp syncs in well under a second: look soon, then every 200 ms.
  setTimeout(poll, 100);
})();
