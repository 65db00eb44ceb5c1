/**
 * B5 — a person sends the bot under test a picture or a file: the callback carries msgtype picture /
 * file with a downloadCode, the bot trades it at POST /v1.0/robot/messageFiles/download for a
 * downloadUrl and fetches the bytes — its answer proves it got these very bytes (the adapter's
 * `fileAnswer`; the reference bot names their SHA-256). A wrong downloadCode or robotCode is refused
 * in the api host's envelope ({code, message, requestid}, HTTP 400).
 */
import { expect, test } from '../../fixtures/bot.ts';

/** A 1×1 PNG with a marker after IEND: the bytes must come back exactly, not re-encoded. */
const PNG = Buffer.concat([
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  ),
  Buffer.from('conformance-b5'),
]);
/** A small PDF report (type file takes doc, xls, ppt, zip, pdf, rar and their x forms). */
const PDF = Buffer.from(
  '%PDF-1.4\n% 销售日报 2026-12-01 ¥128,000\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n',
  'utf8',
);

for (const sent of [
  { msgtype: 'picture' as const, fileName: 'chart.png', bytes: PNG },
  { msgtype: 'file' as const, fileName: '销售日报.pdf', bytes: PDF },
]) {
  test(`B5 a person sends a ${sent.msgtype}: the bot downloads it through messageFiles/download and gets the same bytes`, async ({
    startBot,
    chat,
    botTarget,
    people,
    journal,
  }) => {
    test.skip(!botTarget.fileAnswer, `${botTarget.name} says nothing about the files it is sent`);
    await startBot();
    await chat.connected();
    const delivered = await chat.send({
      from: people.admin.dingtalkUserid,
      conversation: { type: '1' },
      msgtype: sent.msgtype,
      file: { fileName: sent.fileName, base64: sent.bytes.toString('base64') },
    });
    expect(delivered).toMatchObject({
      pushed: true,
      data: { msgtype: sent.msgtype, content: { downloadCode: expect.any(String) } },
    });
    const [reply] = await chat.repliesAtLeast(delivered.conversationId, 1);
    expect(JSON.stringify(reply!.raw)).toContain(botTarget.fileAnswer!(sent.bytes));
    // The bytes came from the sandbox's downloadUrl, traded for the message's code.
    const calls = async (route: string) => (await journal.entries({ route })).map((e) => e.status);
    expect(await calls('api.robot.messageFiles.download')).toEqual([200]);
    expect(await calls('api.robot.messageFiles.content')).toEqual([200]);
  });
}

test('B5 a wrong downloadCode or robotCode is refused in the api envelope, HTTP 400', async ({
  sandbox,
  chat,
  robot,
  people,
}) => {
  const delivered = await chat.send({
    from: people.admin.dingtalkUserid,
    conversation: { type: '1' },
    msgtype: 'picture',
    file: { fileName: 'chart.png', base64: PNG.toString('base64') },
  });
  const { downloadCode } = (delivered.data as { content: { downloadCode: string } }).content;
  const tokenRes = await fetch(`${sandbox.url}/v1.0/oauth2/accessToken`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ appKey: robot.appKey, appSecret: robot.appSecret }),
  });
  const { accessToken } = (await tokenRes.json()) as { accessToken: string };
  const download = async (body: Record<string, string>) => {
    const res = await fetch(`${sandbox.url}/v1.0/robot/messageFiles/download`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': accessToken },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const envelope = (code: string) => ({
    status: 400,
    body: { code, message: expect.any(String), requestid: expect.any(String) },
  });
  expect(await download({ downloadCode: `${downloadCode}x`, robotCode: robot.appKey })).toEqual(
    envelope('InvalidParameter'),
  );
  expect(await download({ downloadCode, robotCode: 'dingnosuchrobot00' })).toEqual(
    envelope('invalidParameter.robotCode.notExsit'),
  );
  // The right pair still works: the refusals were about the code and the robotCode, nothing else.
  expect(await download({ downloadCode, robotCode: robot.appKey })).toMatchObject({
    status: 200,
    body: { downloadUrl: expect.any(String) },
  });
});
