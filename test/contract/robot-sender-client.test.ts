import ChatBot from 'dingtalk-robot-sender';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../mock-server/src/start.ts';

/**
 * The npm client dingtalk-robot-sender 1.2.0 builds `${baseUrl}?access_token=…` and appends
 * `&timestamp=Date.now()&sign=encodeURIComponent(base64(hmac))` (lib/bot.js, lib/sign.js); it
 * posts with axios. Only its base URL changes: the sandbox's /robot/send.
 */
describe('dingtalk-robot-sender against a listening sandbox (M3)', () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await startSandbox({ port: 0 });
  });
  afterAll(async () => {
    await sb?.stop();
  });

  it('M3 delivers text, markdown, link and actionCard to the signed robot', async () => {
    const robot = sb.defaultTenant.messaging.robots.listRobots().find((r) => r.secret)!;
    const bot = new ChatBot({
      baseUrl: `${sb.url}/robot/send`,
      accessToken: robot.accessToken,
      secret: robot.secret,
    });
    const answers = [
      await bot.text('库存预警：华东仓低于安全库存'),
      await bot.markdown('销售日报', '### 销售日报\n**GMV** 1.2 亿'),
      await bot.link({
        title: '看板',
        text: '点击查看今日看板',
        messageUrl: 'https://bi.example.com/d/1',
        picUrl: '',
      }),
      await bot.actionCard({
        title: '预警',
        text: '### 库存预警',
        btnOrientation: '1',
        btns: [
          { title: '查看', actionURL: 'https://bi.example.com/a/1' },
          { title: '忽略', actionURL: 'https://bi.example.com/a/1?ignore' },
        ],
      }),
    ];
    expect(answers.map((a) => a.data)).toEqual(Array(4).fill({ errcode: 0, errmsg: 'ok' }));
    const posted = sb.defaultTenant.messaging.chats.messagesOf(robot.openConversationId);
    expect(posted.map((m) => m.content.type)).toEqual(['text', 'markdown', 'link', 'actionCard']);
  });

  it('M3 the same client with a wrong secret is refused with 310000 sign not match', async () => {
    const robot = sb.defaultTenant.messaging.robots.listRobots().find((r) => r.secret)!;
    const bot = new ChatBot({
      baseUrl: `${sb.url}/robot/send`,
      accessToken: robot.accessToken,
      secret: 'SECwrong',
    });
    const r = await bot.text('x');
    expect(r.data).toMatchObject({ errcode: 310000, errmsg: 'sign not match' });
  });
});
