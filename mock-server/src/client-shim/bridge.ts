/**
 * The browser side of the DingTalk client: the native bridge `dingtalk-jsapi` talks to, installed
 * before any page script (docs/dingtalk/in-app-login.md). Every bridge call is forwarded to the sandbox's
 * native side (`POST /__sandbox/api/client/invoke`, domain/in-app/client-native.ts), through a Playwright
 * binding when one is exposed, otherwise by fetch (CORS is allowed on that endpoint).
 *
 * - iOS: a global `WebViewJavascriptBridge` {init, callHandler(name, params, cb), registerHandler};
 *   callbacks get `{errorCode:"0", result}` or the failure payload.
 * - Android: `window.nuva` {isReady: true, require() → fn(onSuccess, onFail, module, method, params)}.
 * - PC: the real client answers postMessage RPC from a `*.dingtalk.com` host frame. Here the page
 *   gets `window.dingtalk.platform.invokeAPI` (so dingtalk-jsapi reports platform "pc") and a
 *   `dd_bridge_config` naming a dingtalk.com hostOrigin; `window.postMessage` is wrapped so the SDK's
 *   requests are answered in-page by MessageEvents that carry that origin (docs/decisions/0004).
 *
 * This function is serialised into an init script (see script.ts): it must not reference anything
 * outside its own body.
 */
import type { ClientPlatform, ClientSession } from '../domain/in-app/client-native.ts';

/** The arguments of Android's native exec as dingtalk-jsapi passes them: callbacks, then module, method, params. */
type AndroidExecArgs = [
  onSuccess: (r: unknown) => void,
  onFail: (e: unknown) => void,
  module: string,
  method: string,
  params: unknown,
];

export interface BridgeConfig {
  sandboxUrl: string;
  session: ClientSession;
  platform: ClientPlatform;
  /** Name of the Playwright binding that forwards a call to the sandbox, if exposed. */
  binding: string;
}

export function installDingTalkBridge(cfg: BridgeConfig): void {
  type Reply = { errorCode: string | number; result?: unknown; errorMessage?: string; message?: string };
  type Payload = { session: ClientSession; method: string; params: unknown; url: string };
  const w = window as unknown as Record<string, unknown>;
  if (w.__dingtalkSandboxClient) return;
  w.__dingtalkSandboxClient = {
    platform: cfg.platform,
    corpId: cfg.session.corpId,
    userid: cfg.session.userid,
  };

  const plain = (v: unknown): unknown => {
    try {
      return JSON.parse(JSON.stringify(v ?? {})) as unknown;
    } catch {
      return {};
    }
  };
  const unreachable = (err: unknown): Reply => {
    const text = `[dingtalk-sandbox] the sandbox at ${cfg.sandboxUrl} did not answer: ${String(err)}`;
    return { errorCode: '3', errorMessage: text, message: text };
  };
  const invoke = (method: string, params: unknown): Promise<Reply> => {
    const payload: Payload = { session: cfg.session, method, params: plain(params), url: location.href };
    const binding = w[cfg.binding];
    const sent =
      typeof binding === 'function'
        ? Promise.resolve((binding as (p: Payload) => Promise<Reply>)(payload))
        : fetch(`${cfg.sandboxUrl}/__sandbox/api/client/invoke`, {
            method: 'POST',
            headers: { 'content-type': 'text/plain' },
            body: JSON.stringify(payload),
          }).then((r) => r.json() as Promise<Reply>);
    return sent.then((r) => r ?? unreachable('empty reply'), unreachable);
  };

  if (cfg.platform === 'ios') {
    const bridge = {
      init(): void {},
      registerHandler(): void {},
      callHandler(name: string, params: unknown, cb?: (reply: Reply) => void): void {
        void invoke(name, params).then((reply) => {
          if (typeof cb === 'function') cb(reply);
        });
      },
    };
    Object.defineProperty(w, 'WebViewJavascriptBridge', {
      value: bridge,
      configurable: true,
      writable: true,
    });
    return;
  }

  if (cfg.platform === 'android') {
    // dingtalk-jsapi calls Android's exec with five arguments, Cordova style: one tuple, its order fixed.
    const call = (...[onSuccess, onFail, module, method, params]: AndroidExecArgs): void => {
      void invoke(module ? `${module}.${method}` : method, params).then((reply) => {
        if (reply.errorCode === '0') onSuccess(reply.result ?? {});
        else onFail(reply);
      });
    };
    w.nuva = { isReady: true, require: () => call };
    return;
  }

  // PC: answer the SDK's postMessage RPC in-page, as if from a DingTalk host frame.
  const hostOrigin = 'https://h5.dingtalk.com';
  const containerId = `dingtalk-sandbox-${Math.random().toString(36).slice(2)}`;
  w.dd_bridge_config = JSON.stringify({ containerId, hostOrigin, corsIframe: true });
  w.dingtalk = {
    platform: {
      invokeAPI: (name: string, params: unknown) =>
        invoke(name, params).then((r) => (r.errorCode === '0' ? r.result : Promise.reject(r))),
    },
  };
  const original = window.postMessage.bind(window);
  const wrapped = function (this: unknown, message: unknown, ...rest: unknown[]): void {
    const m = message as {
      type?: string;
      msgId?: unknown;
      containerId?: string;
      methodName?: string;
      body?: unknown;
    };
    if (m && typeof m === 'object' && m.type === 'request' && m.msgId && m.containerId === containerId) {
      void invoke(String(m.methodName), m.body).then((reply) => {
        const ok = reply.errorCode === '0';
        const data = {
          type: 'response',
          msgId: m.msgId,
          success: ok,
          body: ok ? (reply.result ?? {}) : reply,
        };
        window.dispatchEvent(new MessageEvent('message', { data, origin: hostOrigin }));
      });
      return;
    }
    (original as (...a: unknown[]) => void)(message, ...rest);
  };
  Object.defineProperty(window, 'postMessage', { value: wrapped, configurable: true, writable: true });
}
