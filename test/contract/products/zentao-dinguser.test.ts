/**
 * ZenTao's `dinguser` webhook (easysoft/zentaopms) sending its work notifications, replaying its own
 * request: module/webhook/model.php builds the message (getDingdingData: msgtype markdown with
 * title and text; getDataByType returns json_encode($data) — PHP's escaping, "\u7ba1" and "\/") and
 * fetchHook hands it to lib/dingapi/dingapi.class.php send(), which posts the ARRAY
 * {agent_id, userid_list, msg} through common::http (module/common/model.php): PHP curl with
 * CURL_HTTP_VERSION_1_0 and CURLOPT_POSTFIELDS = array, i.e. multipart/form-data, one text part
 * per field, no Content-Type on the parts, the AgentId as the string the admin typed. ZenTao reads
 * the answer with json_decode and checks `errcode == 0`; on anything else it logs
 * "Errcode:…, Errmsg:…". The sandbox used to answer 41011 缺少agentid (the multipart body was unread).
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUIDE_ADMIN_USERID } from '../../../mock-server/src/fixtures/generate.ts';
import { startSandbox, type RunningSandbox } from '../../../mock-server/src/start.ts';
import { phpJsonEncode, type RawAnswer } from './wire-dialects.ts';

let sb: RunningSandbox;

beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
});
afterAll(async () => {
  await sb.stop();
});

/**
 * One request as curl sends it over HTTP/1.0: written whole, the socket left open for writing (curl
 * does not half-close) until the server closes it after its answer.
 */
function rawRequest(port: number, request: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.setTimeout(5_000, () => socket.destroy(new Error('no answer within 5 s')));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const at = text.indexOf('\r\n\r\n');
      const head = text.slice(0, at);
      resolve({ statusLine: head.split('\r\n')[0] ?? '', headers: head, body: text.slice(at + 4) });
    });
  });
}

const app = () => sb.defaultTenant.listApps().find((a) => a.name === '观远BI')!;

/** PHP curl's headers (common::http) over HTTP/1.0. */
const curlHeaders = () =>
  `Host: 127.0.0.1:${sb.port}\r\n` +
  'User-Agent: Sae T OAuth2 v0.1\r\n' +
  'Accept: */*\r\n' +
  'Accept-Encoding: deflate, gzip, br, zstd\r\n' +
  'API-RemoteIP: 10.0.0.8\r\n';

/** dingapi::getToken() — GET gettoken?appkey=&appsecret= over HTTP/1.0. */
async function getToken(): Promise<string> {
  const a = app();
  const r = await rawRequest(
    sb.port,
    `GET /gettoken?appkey=${a.appKey}&appsecret=${a.appSecret} HTTP/1.0\r\n${curlHeaders()}\r\n`,
  );
  return (JSON.parse(r.body) as { access_token: string }).access_token;
}

/**
 * curl's multipart for CURLOPT_POSTFIELDS = array: a boundary of 24 dashes and hex, each field a
 * part with only Content-Disposition, CRLF line ends, Content-Length (HTTP/1.0: no Expect, no chunks).
 */
function curlMultipart(fields: Record<string, string>): { contentType: string; body: string } {
  const boundary = '------------------------2f1c9b7d3e5a4c60';
  let body = '';
  for (const [name, value] of Object.entries(fields)) {
    body += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  }
  body += `--${boundary}--\r\n`;
  return { contentType: `multipart/form-data; boundary=${boundary}`, body };
}

/** dingapi::send($userList, $message) as ZenTao posts it; returns what json_decode gives ZenTao. */
async function send(token: string, userList: string, message: string, agentId = String(app().agentId)) {
  const { contentType, body } = curlMultipart({ agent_id: agentId, userid_list: userList, msg: message });
  const r = await rawRequest(
    sb.port,
    `POST /topapi/message/corpconversation/asyncsend_v2?access_token=${token} HTTP/1.0\r\n` +
      curlHeaders() +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      `Content-Type: ${contentType}\r\n` +
      '\r\n' +
      body,
  );
  expect(r.statusLine).toMatch(/^HTTP\/1\.[01] 200 /);
  return JSON.parse(r.body) as Record<string, unknown>;
}

/** webhookModel::getDingdingData() for a dinguser hook (no @mobile), then getDataByType's json_encode. */
function zentaoMessage(objectId: number, name: string): { title: string; msg: string } {
  const title = '管理员创建了Bug';
  const text = `${title} [#${objectId}::${name}](http://zentao.example.com/bug-view-${objectId}.html)`;
  return { title, msg: phpJsonEncode({ msgtype: 'markdown', markdown: { title, text } }) };
}

describe('ZenTao (easysoft/zentaopms) dinguser — work notifications as multipart over HTTP/1.0', () => {
  it('M1 send(): the multipart asyncsend_v2 succeeds as a JSON call does (errcode 0, task_id) and lands in the inbox', async () => {
    const token = await getToken();
    const { title, msg } = zentaoMessage(12, '登录页报错');
    expect(msg).toContain('\\u7ba1\\u7406\\u5458'); // 管理员, as PHP writes it
    expect(msg).toContain('http:\\/\\/zentao.example.com');
    const r = await send(token, GUIDE_ADMIN_USERID, msg);
    // What ZenTao reads: isset($response->errcode) and $response->errcode == 0.
    expect(r).toMatchObject({ errcode: 0, errmsg: 'ok' });
    expect(typeof r.task_id).toBe('number');
    expect(Object.keys(r).sort()).toEqual(['errcode', 'errmsg', 'request_id', 'task_id']);

    const item = sb.defaultTenant.messaging.mailbox.inbox(GUIDE_ADMIN_USERID)[0]!;
    expect(item.delivery.taskId).toBe(r.task_id);
    expect(item.delivery.message.content).toMatchObject({
      type: 'markdown',
      title,
      text: `${title} [#12::登录页报错](http://zentao.example.com/bug-view-12.html)`,
    });
  });

  it('M1 several bound users (getOpenIdList joins them with commas) all receive it', async () => {
    const token = await getToken();
    const users = [...sb.defaultTenant.directory.allUsers()].slice(1, 4).map((u) => u.userid);
    const r = await send(token, users.join(','), zentaoMessage(13, '导出超时').msg);
    expect(r.errcode).toBe(0);
    for (const u of users) {
      expect(sb.defaultTenant.messaging.mailbox.inbox(u)[0]!.delivery.taskId).toBe(r.task_id);
    }
  });

  it('a wrong AgentId typed into the hook is 40056 in the same multipart form, as in JSON (ZenTao logs Errcode/Errmsg)', async () => {
    const token = await getToken();
    const r = await send(token, GUIDE_ADMIN_USERID, zentaoMessage(14, 'x').msg, '1234567');
    expect(r).toMatchObject({ errcode: 40056, errmsg: '不合法的agentid' });
  });
});
