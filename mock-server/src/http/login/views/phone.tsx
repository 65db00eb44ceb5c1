/**
 * The sandbox's simulated phone: what the DingTalk app shows after scanning a login QR code. A
 * person picks which of the tenant's DingTalk users is holding the phone, scans, then confirms
 * (单点登录 · 登录) or cancels (取消登录) — docs/dingtalk/web-login.md (phone wording U, like the desktop popup).
 */
import type { QrStatus } from '../../../domain/login/qr-logins.ts';
import { htmlDocument } from './layout.tsx';

export interface PhoneUser {
  userid: string;
  name: string;
  title: string;
  note: string;
}

export interface PhoneProps {
  sid: string;
  status: QrStatus;
  appName: string;
  /** The scanning user (scanned and later). */
  user: PhoneUser | null;
  /** The pick list (waiting), already filtered by `q`. */
  users: PhoneUser[];
  q: string;
  /** Why the login was refused (refused). */
  message: string | null;
}

const DONE: Partial<Record<QrStatus, [string, string]>> = {
  confirmed: ['已确认登录', '请在电脑上继续'],
  completed: ['已登录', '可以关闭此页面'],
  cancelled: ['已取消登录', '电脑上的二维码已失效，可刷新后重新扫码'],
  expired: ['二维码已失效', '请在电脑上刷新二维码后重新扫码'],
};

function Picker(p: PhoneProps) {
  // One user is always selected (the first who may sign in), so 扫码 never meets the browser's
  // "please select an item" bubble; picking someone else is one click.
  const chosen = (p.users.find((u) => !u.note) ?? p.users[0])?.userid;
  return (
    <section class="phone-scan">
      <h1>扫一扫</h1>
      <p class="hint">选择拿着这部手机的钉钉用户，然后扫码登录「{p.appName}」</p>
      <form method="get" action="/login/phone" class="phone-search">
        <input type="hidden" name="sid" value={p.sid} />
        <input type="search" name="q" value={p.q} placeholder="搜索姓名或 userid" />
        <button type="submit">搜索</button>
      </form>
      <form method="post" action="/login/phone/scan" class="phone-pick">
        <input type="hidden" name="sid" value={p.sid} />
        <select name="userid" size={8} required aria-label="钉钉用户">
          {p.users.map((u) => (
            <option key={u.userid} value={u.userid} selected={u.userid === chosen}>
              {u.name}（{u.userid}）{u.title ? ` ${u.title}` : ''}
              {u.note ? ` · ${u.note}` : ''}
            </option>
          ))}
        </select>
        <button type="submit" class="primary">
          扫码
        </button>
      </form>
    </section>
  );
}

function Confirm(p: PhoneProps & { user: PhoneUser }) {
  return (
    <section class="phone-confirm">
      <div class="avatar">{p.user.name.slice(-2)}</div>
      <h1>单点登录</h1>
      <p class="hint">
        {p.user.name} 正在登录「{p.appName}」
      </p>
      <form method="post" action="/login/phone/confirm">
        <input type="hidden" name="sid" value={p.sid} />
        <button type="submit" class="primary">
          登录
        </button>
      </form>
      <form method="post" action="/login/phone/cancel">
        <input type="hidden" name="sid" value={p.sid} />
        <button type="submit" class="link">
          取消登录
        </button>
      </form>
    </section>
  );
}

export function phonePage(p: PhoneProps): string {
  let body;
  if (p.status === 'waiting') body = <Picker {...p} />;
  else if (p.status === 'scanned' && p.user) body = <Confirm {...p} user={p.user} />;
  else if (p.status === 'refused') {
    body = (
      <section class="phone-done refused">
        <h1>无法登录</h1>
        <p class="hint">{p.message}</p>
      </section>
    );
  } else {
    const [title, hint] = DONE[p.status] ?? ['', ''];
    body = (
      <section class="phone-done">
        <h1>{title}</h1>
        <p class="hint">{hint}</p>
      </section>
    );
  }
  return htmlDocument({
    title: '钉钉',
    css: CSS,
    children: (
      <div class="phone" data-phone-state={p.status}>
        <div class="phone-bar">钉钉 · 沙箱模拟手机</div>
        {body}
      </div>
    ),
  });
}

const CSS = `body{background:#e9ebee}
.phone{width:375px;min-height:640px;margin:20px auto;background:#fff;border-radius:24px;overflow:hidden;box-shadow:0 8px 30px rgba(0,0,0,.12)}
.phone-bar{background:#0089ff;color:#fff;padding:12px 16px;font-size:13px}
section{padding:24px 20px;text-align:center}
h1{font-size:20px;margin:8px 0}
.hint{color:#747677}
.avatar{width:64px;height:64px;margin:12px auto;border-radius:16px;background:#0089ff;color:#fff;display:flex;align-items:center;justify-content:center;font-size:18px}
.phone-search{display:flex;gap:6px;margin:10px 0}
.phone-search input{flex:1;height:34px;border:1px solid #e5e6e8;border-radius:6px;padding:0 8px}
.phone-pick select{width:100%;border:1px solid #e5e6e8;border-radius:6px;font-size:14px}
button{height:40px;border-radius:8px;border:1px solid #e5e6e8;background:#fff;padding:0 18px}
button.primary{width:100%;margin-top:12px;background:#0089ff;border-color:#0089ff;color:#fff}
button.link{border:0;color:#747677;margin-top:8px}
.refused h1{color:#ff5219}
`;
