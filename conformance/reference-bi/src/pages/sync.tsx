/** 账户同步: start a sync, watch its progress (the page polls), read the report or DingTalk's refusal. */
import type { SyncRun } from '../db/sync-runs.ts';
import { SCOPE_HINT } from '../login/failures.ts';
import { fmtTime, Layout, Notice, type Chrome } from './layout.tsx';

const STATUS: Record<SyncRun['status'], string> = {
  running: '同步中',
  succeeded: '已完成',
  failed: '失败',
  interrupted: '已中断',
};
const PHASE: Record<SyncRun['phase'], string> = {
  departments: '读取部门',
  users: '读取用户',
  writing: '写入用户',
  done: '完成',
};
/** Rows of the change list shown on the page (a first sync of a big corp creates thousands). */
const MAX_ROWS = 200;

const ACTION: Record<string, string> = {
  created: '新建',
  updated: '更新',
  deactivated: '停用',
  reactivated: '恢复',
  kept: '保留',
};

export function SyncPage(props: { chrome: Chrome; runs: SyncRun[]; error?: string }) {
  const running = props.runs.find((r) => r.status === 'running');
  return (
    <Layout title="账户同步" chrome={props.chrome} wide>
      <p class="crumbs">管理员设置 &gt; 用户管理 &gt; 账户同步</p>
      <h1>账户同步</h1>
      <p class="muted">
        从钉钉通讯录同步部门与用户：新用户自动创建并设置钉钉账号，已变更的信息会更新，已离职的用户会被停用（不删除）。
        所需权限：qyapi_get_department_list、qyapi_get_department_member。
      </p>
      {props.error && <Notice tone="error">{props.error}</Notice>}
      <form method="post" action="/admin/sync">
        <button type="submit" class="primary" id="start-sync" disabled={!!running}>
          {running ? '同步进行中…' : '开始同步'}
        </button>
      </form>
      <table class="grid">
        <thead>
          <tr>
            <th>#</th>
            <th>开始时间</th>
            <th>状态</th>
            <th>新建</th>
            <th>更新</th>
            <th>未变</th>
            <th>停用</th>
          </tr>
        </thead>
        <tbody>
          {props.runs.map((r) => (
            <tr>
              <td>
                <a href={`/admin/sync/runs/${r.id}`}>{r.id}</a>
              </td>
              <td>{fmtTime(r.startedAt)}</td>
              <td>{STATUS[r.status]}</td>
              <td>{r.created}</td>
              <td>{r.updated}</td>
              <td>{r.unchanged}</td>
              <td>{r.deactivated}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

export function SyncRunPage(props: { chrome: Chrome; run: SyncRun }) {
  const r = props.run;
  return (
    <Layout title={`账户同步 #${r.id}`} chrome={props.chrome} wide>
      <p class="crumbs">
        <a href="/admin/sync">账户同步</a> &gt; #{r.id}
      </p>
      <h1>
        账户同步 #{r.id}：
        <span id="sync-status" data-status={r.status}>
          {STATUS[r.status]}
        </span>
      </h1>
      <p id="sync-progress" data-run={r.id} data-status={r.status}>
        阶段：{PHASE[r.phase]} · 已读取部门 {r.departmentsSeen} 个 · 用户 {r.usersSeen} 人 · 分页{' '}
        {r.pagesFetched} 次
      </p>
      {r.status === 'running' && <script src="/static/sync-progress.js" defer />}
      {r.status === 'failed' && (
        <Notice tone="error" title="同步失败，未写入任何用户">
          <p class="error-text" id="sync-error">
            {r.error}
          </p>
          {r.errorScopes.length > 0 && (
            <p id="sync-missing-scopes">
              缺少权限点：<strong>{r.errorScopes.join('、')}</strong>。{SCOPE_HINT}
            </p>
          )}
        </Notice>
      )}
      {r.status === 'interrupted' && <Notice tone="error">{r.error}</Notice>}
      {r.status === 'succeeded' && (
        <>
          <Notice tone="ok" title="同步完成">
            <p id="sync-summary">
              新建 {r.created} · 更新 {r.updated} · 未变 {r.unchanged} · 停用 {r.deactivated}（完成于{' '}
              {fmtTime(r.finishedAt)}）
            </p>
          </Notice>
          {r.changes.length > 0 && (
            <table class="grid" id="sync-changes">
              <thead>
                <tr>
                  <th>操作</th>
                  <th>钉钉账号</th>
                  <th>姓名</th>
                  <th>说明</th>
                </tr>
              </thead>
              <tbody>
                {r.changes.slice(0, MAX_ROWS).map((c) => (
                  <tr data-action={c.action}>
                    <td>{ACTION[c.action]}</td>
                    <td>{c.userid}</td>
                    <td>{c.name}</td>
                    <td>{c.detail ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {r.changes.length > MAX_ROWS && (
            <p class="muted">…另有 {r.changes.length - MAX_ROWS} 条变更未显示。</p>
          )}
        </>
      )}
    </Layout>
  );
}
