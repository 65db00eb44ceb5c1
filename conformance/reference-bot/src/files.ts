/**
 * A file a person sent the bot (msgtype picture/file/audio/video): the message's `content.downloadCode`
 * and the bot's robotCode are traded for a short-lived `downloadUrl` (POST
 * https://api.dingtalk.com/v1.0/robot/messageFiles/download, JSON {downloadCode, robotCode}, header
 * x-acs-dingtalk-access-token — the request the official Python Stream SDK's
 * ChatbotHandler.get_image_download_url sends), whose bytes are then fetched.
 * https://open.dingtalk.com/document/development/download-the-file-content-of-the-robot-receiving-message
 */
import { API_BASE } from './config.ts';
import type { TokenSource } from './token.ts';

/** The most the bot downloads (a person's file is at most 20 MB on DingTalk). */
const MAX_BYTES = 20 * 1024 * 1024;

export interface FileContent {
  downloadCode?: string;
  pictureDownloadCode?: string;
}

export async function downloadFile(
  tokens: TokenSource,
  robotCode: string,
  content: FileContent,
): Promise<Buffer> {
  const downloadCode = content.downloadCode ?? content.pictureDownloadCode;
  if (!downloadCode) throw new Error('messageFiles/download: the message carries no downloadCode');
  const res = await fetch(`${API_BASE}/v1.0/robot/messageFiles/download`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      'x-acs-dingtalk-access-token': await tokens.token(),
    },
    body: JSON.stringify({ downloadCode, robotCode }),
  });
  const body = (await res.json().catch(() => ({}))) as {
    downloadUrl?: string;
    code?: string;
    message?: string;
  };
  if (!res.ok || !body.downloadUrl)
    throw new Error(
      `messageFiles/download: HTTP ${res.status} ${body.code ?? ''} ${body.message ?? ''}`.trim(),
    );
  const file = await fetch(body.downloadUrl);
  if (!file.ok) throw new Error(`downloadUrl: HTTP ${file.status}`);
  const bytes = Buffer.from(await file.arrayBuffer());
  if (bytes.length > MAX_BYTES) throw new Error(`downloadUrl: more than ${MAX_BYTES} bytes`);
  return bytes;
}
