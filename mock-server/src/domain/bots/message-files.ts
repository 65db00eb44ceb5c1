/**
 * Files people send to a bot (docs/dingtalk/bot-files.md): a picture, file, audio or video message
 * carries a `downloadCode` (a picture also a `pictureDownloadCode`, C); the bot trades one, with its
 * robotCode, for a short-lived `downloadUrl` (POST /v1.0/robot/messageFiles/download, C) that serves
 * the exact bytes. The bytes stay in the tenant's media store (../messaging/media.ts); this keeps which
 * code names which file for which bot, and which URL token is good until when. Bounded maps: the
 * oldest codes and URLs are forgotten first.
 */
import { randomBytes } from 'node:crypto';
import { because, DingTalkError, type Reason } from '../errors.ts';

/** How long a downloadUrl works, on the tenant's clock (U: DingTalk does not say; OSS-style links). */
export const DOWNLOAD_URL_TTL_MS = 60 * 60_000;

interface FileCode {
  robotCode: string;
  mediaId: string;
}

export interface FileUrl {
  token: string;
  mediaId: string;
  expiresAt: number;
}

const MAX_CODES = 10_000;
const MAX_URLS = 10_000;

function remember<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  while (map.size >= max) map.delete(map.keys().next().value!);
  map.set(key, value);
}

export class MessageFiles {
  private readonly codes = new Map<string, FileCode>();
  private readonly urls = new Map<string, FileUrl>();

  /** A new downloadCode for a file a person sent to a bot. */
  issue(robotCode: string, mediaId: string): string {
    // DingTalk's codes are long opaque base64 strings (O: samples `mIofN681YE3f/+m+NntqpT…`).
    const code = randomBytes(48).toString('base64');
    remember(this.codes, code, { robotCode, mediaId }, MAX_CODES);
    return code;
  }

  /** downloadCode + robotCode → a URL token good for DOWNLOAD_URL_TTL_MS; refused for a wrong pair. */
  download(downloadCode: string, robotCode: string, now: number): FileUrl {
    const code = this.codes.get(downloadCode);
    if (!code)
      throw new DingTalkError(
        'invalidParameter',
        because(
          `downloadCode 不是本组织机器人收到的文件的下载码（${downloadCode.slice(0, 16)}…）`,
          `downloadCode is no download code of a file this corp's bots received (${downloadCode.slice(0, 16)}…)`,
        ),
        { param: 'downloadCode' },
      );
    if (code.robotCode !== robotCode)
      throw new DingTalkError(
        'invalidParameter',
        because(
          `downloadCode 属于机器人 ${code.robotCode} 收到的消息，请求中的 robotCode 是 ${robotCode}`,
          `the downloadCode belongs to a message robot ${code.robotCode} received; the request names robotCode ${robotCode}`,
        ),
        { param: 'downloadCode' },
      );
    const url: FileUrl = {
      token: randomBytes(24).toString('base64url'),
      mediaId: code.mediaId,
      expiresAt: now + DOWNLOAD_URL_TTL_MS,
    };
    remember(this.urls, url.token, url, MAX_URLS);
    return url;
  }

  /** The media id a URL token serves, or why not (unknown, expired). */
  open(token: string, now: number): { ok: true; mediaId: string } | { ok: false; why: Reason } {
    const url = this.urls.get(token);
    if (!url) return { ok: false, why: because('下载链接无效', 'no such download URL') };
    if (now >= url.expiresAt) {
      const ago = Math.round((now - url.expiresAt) / 1000);
      return {
        ok: false,
        why: because(
          `下载链接已于 ${ago} 秒前过期（按组织时钟）`,
          `the download URL expired ${ago} s ago (tenant clock)`,
        ),
      };
    }
    return { ok: true, mediaId: url.mediaId };
  }
}
