/**
 * 消息通知 > 媒体文件 (docs/dingtalk/messaging.md § Media files): 上传媒体文件, POST /media/upload.
 * multipart/form-data with the file part `media`; `type` (image / voice / video / file) in the query
 * or as a form field, as DingTalk's own curl sample sends it. Permission point: `qyapi_base` (U:
 * DingTalk's page says the permission is on by default), from the table in domain/apps/scopes.ts.
 */
import * as z from 'zod';
import { tokenRoute } from '../route.ts';

/** 上传媒体文件 — POST /media/upload?access_token=…&type=… */
export const mediaUpload = tokenRoute({
  id: 'oapi.media.upload',
  method: 'POST',
  path: '/media/upload',
  host: 'oapi',
  style: 'plain',
  params: z.object({
    type: z.unknown().optional().describe('image | voice | video | file (query or form field)'),
    media: z.unknown().optional().describe('the file part (multipart/form-data, with its filename)'),
  }),
  handle(call) {
    // A text field named media is no file: only a file part counts (41005 otherwise).
    const part = call.request.files.find((f) => f.field === 'media');
    const file = call.tenant.media.upload(
      call.params.type,
      part && {
        fileName: part.fileName,
        declaredType: part.mimeType,
        bytes: part.bytes,
        truncated: part.truncated,
      },
      call.tenant.clock.now(),
    );
    return { media_id: file.mediaId, created_at: file.createdAt, type: file.type };
  },
});
