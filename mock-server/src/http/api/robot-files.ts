/**
 * 下载机器人接收消息的文件内容 (docs/dingtalk/bot-files.md): `POST /v1.0/robot/messageFiles/download`
 * {downloadCode, robotCode} → {downloadUrl} (C), permission point qyapi_robot_sendmsg (C). The URL is
 * the sandbox's stand-in for DingTalk's object-storage link: it serves the exact bytes the person sent
 * for DOWNLOAD_URL_TTL_MS on the tenant's clock (U), then 403.
 */
import * as z from 'zod';
import type { Sandbox } from '../../domain/tenancy/sandbox.ts';
import type { Tenant } from '../../domain/tenancy/tenant.ts';
import { str } from '../params.ts';
import { pageRoute, tokenRoute } from '../route.ts';
import { requireOwnRobot } from './robot.ts';

const CONTENT_PATH = '/v1.0/robot/messageFiles/content';

/** POST /v1.0/robot/messageFiles/download */
export const robotMessageFileDownload = tokenRoute({
  id: 'api.robot.messageFiles.download',
  method: 'POST',
  path: '/v1.0/robot/messageFiles/download',
  host: 'api',
  params: z.object({ downloadCode: str(), robotCode: str() }),
  handle(call) {
    const { tenant, app, params } = call;
    requireOwnRobot(tenant, app, params.robotCode);
    const url = tenant.bots.download(params.downloadCode, params.robotCode);
    return { downloadUrl: `${call.request.origin}${CONTENT_PATH}/${url.token}` };
  },
});

/** Which tenant issued a download URL token (tokens are random: at most one matches). */
function issuer(sandbox: Sandbox, token: string): Tenant | undefined {
  return sandbox.listTenants().find((t) => t.bots.files.open(token, Number.NEGATIVE_INFINITY).ok);
}

/** GET the downloadUrl: the bytes, with the Content-Type of the file's checked extension. */
export const robotMessageFileContent = pageRoute({
  id: 'api.robot.messageFiles.content',
  method: 'GET',
  path: `${CONTENT_PATH}/:token`,
  host: 'api',
  locate(sandbox, _raw, request) {
    const tenant = issuer(sandbox, request.pathParams.token ?? '');
    return tenant ? { tenant } : {};
  },
  handle(call) {
    const token = call.request.pathParams.token ?? '';
    const tenant = issuer(call.sandbox, token);
    const opened = tenant?.bots.files.open(token, tenant.clock.now());
    if (!tenant || !opened) return { status: 404, text: '下载链接无效 (no such download URL)\n' };
    if (!opened.ok) return { status: 403, text: `${opened.why.zh} (${opened.why.en})\n` };
    const file = tenant.media.get(opened.mediaId);
    if (!file)
      return { status: 404, text: '文件已被沙箱清出 (the sandbox evicted the file from its media store)\n' };
    return { file: { bytes: file.bytes, contentType: file.contentType, fileName: file.fileName } };
  },
});
