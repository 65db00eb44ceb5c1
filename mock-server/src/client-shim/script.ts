/**
 * The shim as an init-script source: `installDingTalkBridge` serialised with its configuration, for
 * Playwright's `addInitScript({content})` or any other way of running a script before the page's.
 */
import { installDingTalkBridge, type BridgeConfig } from './bridge.ts';

/** Name of the Playwright binding the shim prefers over fetch. */
export const SANDBOX_BINDING = '__dingtalkSandboxInvoke';

export function clientShimScript(cfg: Omit<BridgeConfig, 'binding'> & { binding?: string }): string {
  const full: BridgeConfig = { ...cfg, binding: cfg.binding ?? SANDBOX_BINDING };
  // Some TypeScript runners (esbuild keepNames) wrap functions in a __name helper; make it harmless.
  return `(function(){var __name=function(t){return t};(${installDingTalkBridge.toString()})(${JSON.stringify(full)});})();`;
}
