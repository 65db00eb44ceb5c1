/**
 * A tenant's media files (媒体文件): what `media/upload` keeps and what messages name by media_id
 * (docs/dingtalk/messaging.md § Media files). DingTalk's limits per type (C: the upload page): image
 * ≤ 20 MB jpg/gif/png/bmp, voice ≤ 2 MB amr/mp3/wav, video ≤ 20 MB mp4, file ≤ 20 MB
 * doc/docx/xls/xlsx/ppt/pptx/zip/pdf/rar. The bytes stay in memory, bounded per tenant: the oldest
 * files are evicted first, and a restart forgets them (they are not in the state file).
 */
import { randomBytes } from 'node:crypto';
import { because, DingTalkError } from '../errors.ts';
import type { Content } from './message-content.ts';

export const MEDIA_TYPES = ['image', 'voice', 'video', 'file'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

const MB = 1024 * 1024;

/** The largest file DingTalk takes of any type (the multipart reader's cap follows it). */
export const MAX_MEDIA_BYTES = 20 * MB;

/** Per type: the largest file and the extensions allowed (C). `jpeg` is read as jpg (U). */
export const MEDIA_LIMITS: Readonly<Record<MediaType, { maxBytes: number; extensions: readonly string[] }>> =
  {
    image: { maxBytes: 20 * MB, extensions: ['jpg', 'jpeg', 'gif', 'png', 'bmp'] },
    voice: { maxBytes: 2 * MB, extensions: ['amr', 'mp3', 'wav'] },
    video: { maxBytes: 20 * MB, extensions: ['mp4'] },
    file: {
      maxBytes: 20 * MB,
      extensions: ['doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'zip', 'pdf', 'rar'],
    },
  };

/** Bytes of media a tenant keeps before evicting the oldest (U: the sandbox's own bound). */
export const DEFAULT_MEDIA_STORE_BYTES = 64 * MB;

/**
 * The Content-Type a file is served with, from its checked extension — never what the uploader
 * declared, so an upload can never be served as HTML or script.
 */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  png: 'image/png',
  bmp: 'image/bmp',
  amr: 'audio/amr',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  mp4: 'video/mp4',
  pdf: 'application/pdf',
};

/** The part's Content-Type → an extension, for a file name without one (U). */
const EXTENSION_OF_TYPE: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/jpg': 'jpg',
  'image/gif': 'gif',
  'image/png': 'png',
  'image/bmp': 'bmp',
  'audio/amr': 'amr',
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
  'audio/wav': 'wav',
  'video/mp4': 'mp4',
  'application/pdf': 'pdf',
};

export interface MediaFile {
  mediaId: string;
  type: MediaType;
  fileName: string;
  /** The checked extension, lower case (jpg, pdf …). */
  extension: string;
  /** What the file is served with (CONTENT_TYPES; application/octet-stream otherwise). */
  contentType: string;
  size: number;
  /** Milliseconds, the tenant's clock (`created_at`). */
  createdAt: number;
  bytes: Buffer;
}

/** The `media` part of an upload as the HTTP layer read it. */
export interface MediaPart {
  fileName: string;
  /** The part's own Content-Type, as the client declared it. */
  declaredType: string;
  bytes: Buffer;
  /** The part was longer than the reader keeps (MAX_MEDIA_BYTES): too large whatever the type. */
  truncated: boolean;
}

/** A media id as DingTalk shapes them: `@lA` + base64url (C: samples `@lADPDf0i-aScwdDOL8R2ns58ioBS`). */
const newMediaId = (): string => `@lADP${randomBytes(18).toString('base64url')}`;

const sizeText = (n: number): string => (n >= MB ? `${(n / MB).toFixed(1)} MB` : `${n} 字节`);
const sizeTextEn = (n: number): string => (n >= MB ? `${(n / MB).toFixed(1)} MB` : `${n} bytes`);

export class MediaStore {
  private readonly files = new Map<string, MediaFile>();
  private bytes = 0;

  constructor(private readonly maxBytes = DEFAULT_MEDIA_STORE_BYTES) {}

  /** 上传媒体文件: checks type, extension and size as DingTalk does, keeps the file, evicts the oldest. */
  upload(type: unknown, part: MediaPart | undefined, now: number): MediaFile {
    const t = checkType(type);
    if (!part) {
      throw new DingTalkError(
        'mediaMissing',
        because(
          '请求体中没有名为 media 的文件部分（multipart/form-data）',
          'the body has no file part named media (multipart/form-data)',
        ),
      );
    }
    const limit = MEDIA_LIMITS[t];
    const extension = extensionOf(part);
    if (!limit.extensions.includes(extension)) {
      throw new DingTalkError(
        'mediaFileTypeInvalid',
        because(
          `${t} 类型只支持 ${limit.extensions.join('、')}，收到的文件是「${part.fileName}」（${extension || '无扩展名'}）`,
          `type ${t} takes ${limit.extensions.join(', ')}; got "${part.fileName}" (${extension || 'no extension'})`,
        ),
      );
    }
    const size = part.bytes.length;
    if (part.truncated || size > limit.maxBytes || size === 0) {
      const got = part.truncated ? `超过 ${sizeText(MAX_MEDIA_BYTES)}` : sizeText(size);
      const gotEn = part.truncated ? `over ${sizeTextEn(MAX_MEDIA_BYTES)}` : sizeTextEn(size);
      throw new DingTalkError(
        'mediaSizeInvalid',
        because(
          `${t} 文件最大 ${sizeText(limit.maxBytes)} 且不能为空，收到的是 ${got}`,
          `a ${t} file must be non-empty and at most ${sizeTextEn(limit.maxBytes)}; got ${gotEn}`,
        ),
      );
    }
    const file: MediaFile = {
      mediaId: newMediaId(),
      type: t,
      fileName: part.fileName || `${t}.${extension}`,
      extension,
      contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
      size,
      createdAt: now,
      bytes: part.bytes,
    };
    // Oldest first (a Map keeps insertion order); the newest file is always kept.
    for (const [id, old] of this.files) {
      if (this.bytes + size <= this.maxBytes) break;
      this.files.delete(id);
      this.bytes -= old.size;
    }
    this.files.set(file.mediaId, file);
    this.bytes += size;
    return file;
  }

  get(mediaId: string): MediaFile | undefined {
    return this.files.get(mediaId);
  }

  /** Bytes kept now. */
  get totalBytes(): number {
    return this.bytes;
  }

  /**
   * A work notification's content with its media resolved: an unknown media_id is refused (40007);
   * a file message learns its file name and type.
   */
  resolve(content: Content): Content {
    if (content.type !== 'image' && content.type !== 'file' && content.type !== 'voice') return content;
    const file = this.files.get(content.mediaId);
    if (!file) {
      throw new DingTalkError(
        'mediaIdInvalid',
        because(
          `media_id「${content.mediaId}」不是本组织上传的媒体文件（或已被沙箱清出，见 media/upload）`,
          `media_id "${content.mediaId}" was not uploaded by this corp (or the sandbox evicted it; see media/upload)`,
        ),
        { param: `${content.type}.media_id` },
      );
    }
    return content.type === 'file'
      ? { ...content, fileName: file.fileName, fileType: file.extension }
      : content;
  }
}

function checkType(type: unknown): MediaType {
  if (typeof type === 'string' && (MEDIA_TYPES as readonly string[]).includes(type)) return type as MediaType;
  const got = type === undefined || type === '' ? '（没有）' : JSON.stringify(type);
  const gotEn = type === undefined || type === '' ? '(none)' : JSON.stringify(type);
  throw new DingTalkError(
    'mediaTypeInvalid',
    because(
      `type 须为 ${MEDIA_TYPES.join('、')} 之一，收到的是 ${got}`,
      `type must be one of ${MEDIA_TYPES.join(', ')}; got ${gotEn}`,
    ),
    { param: 'type' },
  );
}

/** The file name's extension, lower case; else the one its declared Content-Type implies; else ''. */
function extensionOf(part: MediaPart): string {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(part.fileName);
  if (m) return m[1]!.toLowerCase();
  return EXTENSION_OF_TYPE[part.declaredType.split(';')[0]!.trim().toLowerCase()] ?? '';
}
