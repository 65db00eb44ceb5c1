/**
 * The console's chat page in Chromium with a real bot (B2, B3): a person types in the page, a tiny bot
 * on the unmodified `dingtalk-stream` SDK (connected to an in-process sandbox as test/helpers/stream.ts
 * routes it) hears the CALLBACK and answers through the message's sessionWebhook as the SDK's example
 * does (open-dingtalk/dingtalk-stream-sdk-nodejs example/index.ts: axios POST of a markdown body), and
 * the reply appears rendered in the open page without a reload (the page polls its conversation
 * block). What people and bots say is text: a `<script>` reply and an `<img onerror>` name run nothing.
 * A card grows in the open page as it is streamed, and its button, pressed on the page, reaches the bot.
 */
import type { Browser, Page } from '@playwright/test';
import axios from 'axios';
import { DWClient, TOPIC_CARD, TOPIC_ROBOT, type DWClientDownStream } from 'dingtalk-stream';
import { AI_CARD_TEMPLATES } from '../../mock-server/src/domain/cards/cards.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { streamSandbox, until, type StreamSandbox } from '../helpers/stream.ts';

let s: StreamSandbox;
let browser: Browser;
let page: Page;
let client: DWClient;
const dialogs: string[] = [];
/** What the bot heard, and the answer it gives each message once the test lets it. */
const heard: Record<string, unknown>[] = [];
let answer: (data: Record<string, unknown>) => Record<string, unknown> | null = () => null;
let release: () => void = () => undefined;
const pressed: Record<string, unknown>[] = [];

beforeAll(async () => {
  [s, browser] = await Promise.all([streamSandbox(), launchChromium()]);
  client = new DWClient({ clientId: s.bot.appKey, clientSecret: s.bot.appSecret });
  client.registerCallbackListener(TOPIC_ROBOT, (res: DWClientDownStream) => {
    client.socketCallBackResponse(res.headers.messageId, { ok: true });
    const data = JSON.parse(res.data) as Record<string, unknown>;
    heard.push(data);
    // The bot answers when the test releases it, so the page is open before the reply exists.
    const gate = new Promise<void>((r) => (release = r));
    void gate.then(async () => {
      const body = answer(data);
      if (body) await axios({ url: String(data.sessionWebhook), method: 'POST', data: body });
    });
  });
  // A card's button: the bot answers the press with the card's new data (applied for everyone).
  client.registerCallbackListener(TOPIC_CARD, (res: DWClientDownStream) => {
    pressed.push(JSON.parse(res.data) as Record<string, unknown>);
    client.socketCallBackResponse(res.headers.messageId, {
      cardData: { cardParamMap: { msgContent: '**已确认**' } },
    });
  });
  await client.connect();
  await until(() => s.tenant.bots.hub.connections(s.bot.appKey).length > 0, 'the bot’s connection');
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
});
afterAll(async () => {
  client?.disconnect();
  await Promise.all([browser?.close(), s?.stop()]);
});

const chatUrl = (id: string, as?: string) =>
  `${s.sb.url}/__sandbox/tenants/${s.tenant.corpId}/chats/${encodeURIComponent(id)}${as ? `?as=${as}` : ''}`;

/** Types and sends in the open chat page; resolves once the bot heard it. */
async function typeAndSend(text: string): Promise<Record<string, unknown>> {
  const before = heard.length;
  await page.locator('#chat-text').fill(text);
  await Promise.all([page.waitForURL(/\/chats\//), page.locator('#chat-send').click()]);
  await until(() => heard.length > before, 'the bot to hear the message');
  return heard.at(-1)!;
}

/** A mark in the page's window: gone if the page reloads. */
const mark = () =>
  page.evaluate(() => {
    (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
  });
const sameDocument = () =>
  page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);

describe('the console chat page with a bot on the dingtalk-stream SDK (B2, B3)', () => {
  it('B3: a person types to the bot one-to-one; the bot’s markdown reply appears rendered without a reload', async () => {
    const chat = s.tenant.messaging.chats.oneToOne(
      { robotCode: s.bot.appKey, userid: 'manager1471', name: s.bot.robot!.name },
      s.tenant.clock.now(),
    );
    await page.goto(chatUrl(chat.openConversationId));
    answer = () => ({
      msgtype: 'markdown',
      markdown: { title: '销售额', text: '### 本月销售额\n**128 万**' },
    });
    const data = await typeAndSend('本月销售额是多少？');
    expect(data).toMatchObject({
      conversationType: '1',
      conversationId: chat.openConversationId,
      senderStaffId: 'manager1471',
      text: { content: '本月销售额是多少？' },
    });
    // The person's own message, on the right.
    expect(await page.locator('#chat-conv .dt-mine .dt-text').last().textContent()).toBe(
      '本月销售额是多少？',
    );
    await mark();
    release();
    const reply = page.locator('#chat-conv .dt-msg-markdown').last();
    await reply.waitFor({ timeout: 10_000 });
    expect(await reply.locator('h3').textContent()).toBe('本月销售额');
    expect(await reply.locator('strong').textContent()).toBe('128 万');
    expect(await sameDocument()).toBe(true);
    expect(dialogs).toEqual([]);
  });

  it('B2: in a group the @ box pushes the message; a <script> reply and a person named <img onerror> are shown as text, nothing runs', async () => {
    const evil = s.tenant.directory.getUser('manager1471')!;
    const name = evil.name;
    evil.name = '<img src=x onerror="alert(1)">';
    try {
      const group = s.tenant.messaging.chats.add({
        name: '销售群 <b>粗</b>',
        memberUserids: ['manager1471'],
        robotCodes: [s.bot.appKey],
      });
      await page.goto(chatUrl(group.openConversationId, 'manager1471'));
      expect(await page.locator(`input[name=at][value="${s.bot.appKey}"]`).isChecked()).toBe(true);
      answer = () => ({ msgtype: 'text', text: { content: '<script>alert(2)</script>' } });
      const data = await typeAndSend('<img src=y onerror="alert(3)">');
      expect(data).toMatchObject({ conversationType: '2', isInAtList: true });
      await mark();
      release();
      const reply = page.locator('#chat-conv .dt-item:not(.dt-mine) .dt-text').last();
      await reply.waitFor({ timeout: 10_000 });
      expect(await reply.textContent()).toBe('<script>alert(2)</script>');
      expect(await page.locator('#chat-conv .dt-mine .dt-sender').last().textContent()).toBe(
        '<img src=x onerror="alert(1)">',
      );
      expect(await page.locator('#chat-conv img, #chat-conv script, h1 b').count()).toBe(0);
      expect(await sameDocument()).toBe(true);
      expect(dialogs).toEqual([]);
    } finally {
      evil.name = name;
    }
  });

  it('B6/B7: an AI card grows in the open page as it is streamed, then finishes; its button pressed on the page reaches the bot as the chosen person and the bot’s answer shows', async () => {
    const t = s.tenant;
    const group = t.messaging.chats.add({
      name: '卡片群',
      memberUserids: ['manager1471'],
      robotCodes: [s.bot.appKey],
    });
    const now = t.clock.now();
    const { card } = t.cards.create(
      s.bot.appKey,
      {
        outTrackId: 'ai-card-1',
        cardTemplateId: AI_CARD_TEMPLATES[0]!,
        cardData: { msgContent: '' },
        callbackType: 'STREAM',
      },
      now,
    );
    t.cards.deliver(
      card,
      {
        openSpaceId: `dtv1.card//IM_GROUP.${group.openConversationId}`,
        models: { groupRobotCode: s.bot.appKey },
        sender: { appKey: s.bot.appKey, name: s.bot.robot!.name },
      },
      now,
    );
    await page.goto(chatUrl(group.openConversationId, 'manager1471'));
    await mark();
    const shown = page.locator('#chat-conv .dt-msg-card[data-out-track-id="ai-card-1"]');
    const chunk = (guid: string, content: string, isFinalize = false) =>
      t.cards.stream(
        card,
        { guid, key: 'msgContent', content, isFull: false, isFinalize, isError: false },
        t.clock.now(),
      );
    chunk('g1', '本月销售额');
    await page.locator('#chat-conv [data-status="streaming"]').waitFor({ timeout: 10_000 });
    expect((await shown.locator('.dt-md').textContent())?.trim()).toBe('本月销售额');
    chunk('g2', ' **128 万**', true);
    await page.locator('#chat-conv [data-status="finished"]').waitFor({ timeout: 10_000 });
    expect(await shown.locator('.dt-md strong').textContent()).toBe('128 万');
    expect(await sameDocument()).toBe(true);

    const form = page.locator('form.dt-press[data-out-track-id="ai-card-1"]');
    await form.locator('input[name=params]').fill('{"action":"confirm"}');
    await Promise.all([page.waitForURL(/\/chats\//), form.locator('button').click()]);
    expect(await page.locator('.cs-flash').textContent()).toContain('已按下按钮');
    await until(() => pressed.length > 0, 'the card callback');
    expect(pressed.at(-1)).toMatchObject({ userId: 'manager1471', outTrackId: 'ai-card-1' });
    expect(JSON.parse(String(pressed.at(-1)!.content))).toEqual({
      cardPrivateData: { actionIds: [], params: { action: 'confirm' } },
    });
    await mark();
    await shown.locator('.dt-md strong', { hasText: '已确认' }).waitFor({ timeout: 10_000 });
    expect(await sameDocument()).toBe(true);
    expect(dialogs).toEqual([]);
  });
});
