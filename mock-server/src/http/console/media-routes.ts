/**
 * Uploaded media files (media/upload) as the console shows them in messages: the bytes under a
 * sandbox URL, signed in like every console page. The Content-Type comes from the file's checked
 * extension (domain/messaging/media.ts), never from the uploader; `nosniff` and a sandboxing CSP
 * keep a browser from reading a file as a page; anything but an image, audio or video downloads.
 */
import type Router from '@koa/router';
import { AdminError } from '../admin/errors.ts';
import { page, tenantOr404, type ConsoleContext } from './http.ts';

const INLINE = /^(image|audio|video)\//;

export function registerMediaFiles(router: Router, c: ConsoleContext): void {
  page(router, c, '/tenants/:corpId/media/:mediaId', (ctx) => {
    const t = tenantOr404(c, ctx);
    const mediaId = String(ctx.params.mediaId);
    const file = t.media.get(mediaId);
    if (!file) {
      throw new AdminError(
        404,
        'notFound',
        `没有媒体文件 ${mediaId}（未上传，或已被沙箱清出） (no media file ${mediaId}: never uploaded, or evicted)`,
      );
    }
    ctx.status = 200;
    ctx.set('Content-Type', file.contentType);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Content-Security-Policy', "default-src 'none'; sandbox");
    ctx.set('Cache-Control', 'private, max-age=3600');
    const disposition = INLINE.test(file.contentType) ? 'inline' : 'attachment';
    ctx.set('Content-Disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
    ctx.body = file.bytes;
  });
}
