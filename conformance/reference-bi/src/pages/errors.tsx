/** Error pages: never a stack trace; DingTalk outages say they are retryable. */
import { Layout, Notice, type Chrome } from './layout.tsx';

export function ErrorPage(props: {
  chrome: Chrome;
  title: string;
  message: string;
  detail?: string;
  retry?: boolean;
}) {
  return (
    <Layout title={props.title} chrome={props.chrome}>
      <h1>{props.title}</h1>
      <Notice tone="error">
        <p class="error-text">{props.message}</p>
        {props.detail && <p class="muted">{props.detail}</p>}
      </Notice>
      <p>
        {props.retry && (
          <a class="button" href="">
            重试
          </a>
        )}{' '}
        <a href="/">返回首页</a>
      </p>
    </Layout>
  );
}
