/** The BI login page (password form, 钉钉扫码登录 when enabled) and the 登录失败 page. */
import { Layout, Notice, type Chrome } from './layout.tsx';

export function LoginPage(props: {
  chrome: Chrome;
  next: string;
  error?: string;
  username?: string;
  dingtalkEnabled: boolean;
}) {
  const dingtalkHref = `/auth/dingtalk/start?next=${encodeURIComponent(props.next)}`;
  return (
    <Layout title="登录" chrome={props.chrome}>
      <section class="card narrow">
        <h1>登录观远 BI</h1>
        {props.error && <Notice tone="error">{props.error}</Notice>}
        <form method="post" action="/login" class="stack">
          <input type="hidden" name="next" value={props.next} />
          <label>
            用户名
            <input name="username" autocomplete="username" required value={props.username ?? ''} />
          </label>
          <label>
            密码
            <input name="password" type="password" autocomplete="current-password" required />
          </label>
          <button type="submit" class="primary">
            登录
          </button>
        </form>
        {props.dingtalkEnabled && (
          <p class="alt-login">
            <a class="button dingtalk" href={dingtalkHref} id="dingtalk-login">
              钉钉扫码登录
            </a>
          </p>
        )}
      </section>
    </Layout>
  );
}

export function LoginFailedPage(props: { chrome: Chrome; text: string; hint?: string; retryable?: boolean }) {
  return (
    <Layout title="登录失败" chrome={props.chrome}>
      <section class="card narrow login-failed">
        <h1>登录失败</h1>
        <p class="error-text" id="login-error">
          {props.text}
        </p>
        {props.hint && <p class="hint">{props.hint}</p>}
        <p>
          <a href="/login?method=password">返回登录页</a>
          {props.retryable && (
            <>
              {' · '}
              <a href="/auth/dingtalk/start">重新扫码登录</a>
            </>
          )}
        </p>
      </section>
    </Layout>
  );
}
