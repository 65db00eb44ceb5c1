/**
 * The host names the sandbox's TLS listener answers for: DingTalk's own (docs/dingtalk/hostnames.md)
 * and loopback, for a browser or curl pointed at https://127.0.0.1.
 */
export const DINGTALK_TLS_NAMES = [
  'oapi.dingtalk.com',
  'api.dingtalk.com',
  'login.dingtalk.com',
  'wss-open-connection.dingtalk.com',
  '*.dingtalk.com',
  'localhost',
] as const;

export const LOOPBACK_TLS_IPS = ['127.0.0.1', '::1'] as const;

/** True for dingtalk.com and every name under it (what the register hook and the proxy route). */
export function isDingTalkHost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return h === 'dingtalk.com' || h.endsWith('.dingtalk.com');
}
