/**
 * 故障规则 (fault rules): the tenant's rules in words with their hit counts; a form to add one
 * (route from the route table, action, the fields of that action, times / probability); remove;
 * clear all. Invalid rules come back with the engine's message, which lists the valid choices.
 */
import type { VNode } from 'preact';
import { ERROR_KINDS } from '../../../domain/errors.ts';
import { SCOPES } from '../../../domain/apps/scopes.ts';
import {
  explainAction,
  explainActionZh,
  HOST_WORDS,
  kindLabel,
  PUSH_ROUTES,
} from '../../../faults/explain.ts';
import { FAULT_ACTIONS, HOSTS, type FaultAction, type FaultRule } from '../../../faults/rule.ts';
import { paths } from '../paths.ts';
import { ConfirmButton, Title } from '../widgets.tsx';

const ACTION_LABELS: Record<string, string> = {
  error: '钉钉错误码 (error)',
  missingScope: '缺少权限 (missingScope)',
  status: 'HTTP 状态码 (status)',
  delay: '延迟 (delay)',
  timeout: '不响应 (timeout)',
  reset: '断开连接 (reset)',
  malformed: '截断的 JSON (malformed)',
  rateLimit: '限流 90018 (rateLimit)',
  disconnect: '断开 Stream 连接 (disconnect)',
  wrongSignature: '错误的签名 (wrongSignature)',
  wrongKey: '错误的 aes_key (wrongKey)',
};

/** An action's explanation (faults/explain.ts), Chinese first, English beside, and where it acts. */
function ActionNote(p: { action: FaultAction; onlyZh: string; onlyEn: string }): VNode {
  return (
    <div class="small">
      {explainActionZh(p.action)}
      <span class="en">{explainAction(p.action)}</span>
      <div>
        {p.onlyZh}
        <span class="en">{p.onlyEn}</span>
      </div>
    </div>
  );
}

export function FaultsPage(p: {
  corpId: string;
  rules: { rule: FaultRule; explanation: string; explanationZh: string }[];
  routes: { id: string; host: string; method: string; path: string }[];
  apps: { appKey: string; name: string }[];
  form: (name: string, current: string) => string;
}): VNode {
  const base = paths.faults(p.corpId);
  const v = p.form;
  const action = v('action', 'error');
  const hosts = [...new Set(p.routes.map((r) => r.host))];
  return (
    <div>
      <Title zh="故障规则" en="Fault rules" />
      <section class="cs-panel">
        <div class="cs-toolbar">
          <span class="muted small">
            按添加顺序匹配，第一条命中的规则生效。Rules match in the order added.
          </span>
          <span class="grow" />
          {p.rules.length > 0 && (
            <ConfirmButton
              action={`${base}/clear`}
              label="全部清除"
              question="删除本组织的全部故障规则？Clear every rule?"
              danger
            />
          )}
        </div>
        <table class="cs-table" id="fault-table">
          <thead>
            <tr>
              <th>ID</th>
              <th>规则 (in words)</th>
              <th>命中 hits</th>
              <th>匹配 seen</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {p.rules.length === 0 && (
              <tr>
                <td colSpan={5} class="cs-empty">
                  暂无内容
                </td>
              </tr>
            )}
            {p.rules.map(({ rule, explanation, explanationZh }) => (
              <tr data-rule={rule.id}>
                <td class="mono nowrap">{rule.id}</td>
                <td>
                  <div class="zh">{explanationZh}</div>
                  <div class="en-line">{explanation}</div>
                  {rule.description && <div class="small">说明：{rule.description}</div>}
                </td>
                <td>{rule.hits}</td>
                <td>{rule.seen}</td>
                <td>
                  <form method="post" action={`${base}/${encodeURIComponent(rule.id)}/delete`}>
                    <button class="cs-btn small danger">删除</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section class="cs-panel">
        <h2>
          添加规则<span class="en">Add a rule</span>
        </h2>
        <form class="cs-form" method="post" action={base}>
          <fieldset>
            <legend>匹配 match（留空 = 任意）</legend>
            <div class="row">
              <label for="fault-route">接口 route</label>
              <div class="field">
                <select id="fault-route" name="route">
                  <option value="">任意接口 (any)</option>
                  {hosts.map((h) => (
                    <optgroup label={h}>
                      {p.routes
                        .filter((r) => r.host === h)
                        .map((r) => (
                          <option value={r.id} selected={v('route', '') === r.id}>
                            {r.id} — {r.method} {r.path}
                          </option>
                        ))}
                    </optgroup>
                  ))}
                  {(['stream', 'event'] as const).map((h) => (
                    <optgroup label={`${h} (${HOST_WORDS[h].en})`}>
                      {PUSH_ROUTES.filter((r) => r.host === h).map((r) => (
                        <option value={r.id} selected={v('route', '') === r.id}>
                          {r.id} — {r.zh} ({r.en})
                        </option>
                      ))}
                    </optgroup>
                  ))}
                </select>
              </div>
            </div>
            <div class="row">
              <label for="fault-host">host</label>
              <div class="field">
                <select id="fault-host" name="host">
                  <option value="">任意</option>
                  {HOSTS.map((h) => (
                    <option value={h} selected={v('host', '') === h}>
                      {h} — {HOST_WORDS[h].zh} ({HOST_WORDS[h].en})
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <div class="row">
              <label for="fault-app">应用 app</label>
              <div class="field">
                <select id="fault-app" name="appKey">
                  <option value="">任意应用</option>
                  {p.apps.map((a) => (
                    <option value={a.appKey} selected={v('appKey', '') === a.appKey}>
                      {a.name} ({a.appKey})
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <div class="row">
              <label for="fault-userid">userid</label>
              <div class="field">
                <input id="fault-userid" type="text" name="userid" value={v('userid', '')} />
              </div>
            </div>
          </fieldset>
          <fieldset>
            <legend>动作 action</legend>
            <div class="row">
              <label for="fault-action">动作</label>
              <div class="field">
                <select id="fault-action" name="action" data-action-select="1">
                  {FAULT_ACTIONS.map((a) => (
                    <option value={a} selected={action === a}>
                      {ACTION_LABELS[a] ?? a}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <div class="row" data-for-action="error">
              <label for="fault-kind">错误 kind</label>
              <div class="field">
                <select id="fault-kind" name="kind">
                  {ERROR_KINDS.map((k) => (
                    <option value={k} selected={v('kind', '') === k}>
                      {kindLabel(k)}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <div class="row" data-for-action="missingScope">
              <label for="fault-scope">权限点 scope</label>
              <div class="field">
                <input id="fault-scope" type="text" name="scope" list="fault-scopes" value={v('scope', '')} />
                <datalist id="fault-scopes">
                  {SCOPES.map((s) => (
                    <option value={s.scope}>{s.name}</option>
                  ))}
                </datalist>
              </div>
            </div>
            <div class="row" data-for-action="status">
              <label for="fault-status">HTTP 状态码</label>
              <div class="field">
                <input id="fault-status" type="number" name="status" value={v('status', '502')} />
                <textarea
                  name="body"
                  aria-label="响应体 body"
                  placeholder="响应体（可空）"
                  value={v('body', '')}
                />
              </div>
            </div>
            <div class="row" data-for-action="disconnect">
              <label for="fault-reason">断开 disconnect</label>
              <div class="field">
                <label>
                  <input type="checkbox" name="drop" value="1" checked={v('drop', '') === '1'} /> 直接断开 TCP
                  连接<span class="en">drop, no close frame</span>
                </label>{' '}
                <input
                  id="fault-reason"
                  type="text"
                  name="reason"
                  value={v('reason', 'connection is expired')}
                  aria-label="SYSTEM disconnect reason"
                />
                <ActionNote
                  action={{ type: 'disconnect', drop: false, reason: 'connection is expired' }}
                  onlyZh="仅作用于 stream：机器人回调（stream.callback）与 Stream 事件推送（stream.event）"
                  onlyEn="stream pushes only: bot callbacks and event pushes"
                />
              </div>
            </div>
            <div class="row" data-for-action="wrongSignature">
              <label>签名 signature</label>
              <div class="field">
                <ActionNote
                  action={{ type: 'wrongSignature' }}
                  onlyZh="仅作用于 event：HTTP 事件推送（event.http.push），正确的接收方应拒绝"
                  onlyEn="HTTP event pushes only; a correct receiver refuses it"
                />
              </div>
            </div>
            <div class="row" data-for-action="wrongKey">
              <label>加密 aes_key</label>
              <div class="field">
                <ActionNote
                  action={{ type: 'wrongKey' }}
                  onlyZh="仅作用于 event：HTTP 事件推送（event.http.push），正确的接收方无法解密"
                  onlyEn="HTTP event pushes only; a correct receiver cannot decrypt it"
                />
              </div>
            </div>
            <div class="row" data-for-action="delay timeout">
              <label for="fault-ms">毫秒 ms</label>
              <div class="field">
                <input id="fault-ms" type="number" name="ms" value={v('ms', '1000')} />
              </div>
            </div>
          </fieldset>
          <fieldset>
            <legend>次数 times</legend>
            <div class="row">
              <label for="fault-times">次数</label>
              <div class="field">
                <select id="fault-times" name="times">
                  {[
                    ['once', '一次 once'],
                    ['always', '每次 always'],
                    ['n', 'N 次'],
                  ].map(([value, label]) => (
                    <option value={value} selected={v('times', 'once') === value}>
                      {label}
                    </option>
                  ))}
                </select>{' '}
                <input
                  type="number"
                  name="timesN"
                  min={1}
                  value={v('timesN', '3')}
                  aria-label="N"
                  style="width:80px"
                />
              </div>
            </div>
            <div class="row">
              <label for="fault-probability">概率 probability</label>
              <div class="field">
                <input
                  id="fault-probability"
                  type="text"
                  name="probability"
                  value={v('probability', '')}
                  placeholder="0–1，留空 = 每次"
                />{' '}
                <input
                  type="number"
                  name="seed"
                  value={v('seed', '')}
                  placeholder="seed"
                  aria-label="seed"
                  style="width:100px"
                />
              </div>
            </div>
            <div class="row">
              <label for="fault-description">说明</label>
              <div class="field">
                <input id="fault-description" type="text" name="description" value={v('description', '')} />
              </div>
            </div>
          </fieldset>
          <button class="cs-btn primary">添加规则</button>
        </form>
      </section>
    </div>
  );
}
