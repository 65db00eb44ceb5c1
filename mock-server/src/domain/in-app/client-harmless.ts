/**
 * Bridge calls a login page makes around 免登 that need no server state (dialogs, title, container
 * info): the sandbox client answers them with harmless successes, shaped as the old client docs show
 * (C: ddtalk/dingTalkDoc _client.md), so a page's login flow is not stopped by them.
 */
import { createHash } from 'node:crypto';
import type { ClientSession } from './client-native.ts';
import type { User } from '../directory/directory.ts';
import type { Tenant } from '../tenancy/tenant.ts';

interface HarmlessCtx {
  tenant: Tenant;
  user: User;
  session: ClientSession;
}

const empty = () => ({});

export const HARMLESS: Record<string, (ctx: HarmlessCtx) => Record<string, unknown>> = {
  'runtime.info': (ctx) => ({ ability: ctx.session.version ?? '7.6.0' }),
  'device.notification.alert': empty,
  'device.notification.confirm': () => ({ buttonIndex: 0 }),
  'device.notification.prompt': () => ({ buttonIndex: 0, value: '' }),
  'device.notification.toast': empty,
  'device.notification.showPreloader': empty,
  'device.notification.hidePreloader': empty,
  'device.notification.vibrate': empty,
  'device.base.getUUID': (ctx) => ({ uuid: deviceId(ctx.tenant.corpId, ctx.user.userid) }),
  'device.connection.getNetworkType': () => ({ result: 'wifi' }),
  'biz.navigation.setTitle': empty,
  'biz.navigation.setLeft': empty,
  'biz.navigation.setRight': empty,
  'biz.navigation.setMenu': empty,
  'biz.navigation.close': empty,
  'ui.webViewBounce.enable': empty,
  'ui.webViewBounce.disable': empty,
  'ui.pullToRefresh.enable': empty,
  'ui.pullToRefresh.stop': empty,
  'ui.pullToRefresh.disable': empty,
};

/** A stable device id per person and corp (getuserinfo's device_id, getUUID's uuid). */
export function deviceId(corpId: string, userid: string): string {
  return createHash('md5').update(`${corpId}:${userid}`).digest('hex');
}
