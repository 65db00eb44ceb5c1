/**
 * The console's chat page over HTTP (light-my-request, no browser): a person of the chat writes to
 * its bot through the page's form (B2, B3, B5) — the same delivery as the admin API's …/bots/{robotCode}/messages
 * — and the page's refusals (not a member, nothing typed, an unknown chat, two bots @-mentioned at
 * once) come back as the page's error message, never a 500; the conversation block served alone for
 * the page's polling; a card button pressed as the chosen person (B7); opening a one-to-one chat.
 */
import { describe, expect, it, vi } from 'vitest';
import { AI_CARD_TEMPLATES } from '../../mock-server/src/domain/cards/cards.ts';
import { consoleBrowser, decode } from '../helpers/console.ts';
import { makeSandbox } from '../helpers/sandbox.ts';

function setup() {
  const s = makeSandbox();
  const t = s.tenant;
  const bot = t.listApps().find((a) => a.robot)!;
  const group = t.messaging.chats
    .list()
    .find((c) => c.kind === 'group' && c.robotCodes.includes(bot.appKey))!;
  const member = group.memberUserids[0]!;
  const outsider = [...t.directory.allUsers()].find(
    (u) => !u.resigned && !group.memberUserids.includes(u.userid),
  )!;
  const chatUrl = (id = group.openConversationId) =>
    `/__sandbox/tenants/${t.corpId}/chats/${encodeURIComponent(id)}`;
  const messages = () => t.messaging.chats.messagesOf(group.openConversationId);
  const flash = (html: string) => decode(/class="cs-flash[^"]*"[^>]*>([^<]*)</.exec(html)?.[1] ?? '');
  return { s, t, bot, group, member, outsider, chatUrl, messages, flash, browser: consoleBrowser(s) };
}

describe('console chat page: a person writes to the bot (B2, B3, B5)', () => {
  it('B2: the form sends a group message that @-mentions the bot: it lands in the chat and is pushed to the bot; without the tick it lands but is not pushed', async () => {
    const { t, bot, member, chatUrl, messages, flash, browser } = setup();
    const page = await browser.submit(`${chatUrl()}/messages`, {
      from: member,
      text: '本月销售额？',
      at: bot.appKey,
    });
    expect(page.status).toBe(200);
    expect(flash(page.html)).toContain('已发送给机器人');
    const sent = messages().at(-1)!;
    expect(sent.sender).toMatchObject({ kind: 'person', userid: member });
    expect(sent.content).toEqual({ type: 'text', content: `@${bot.robot!.name} 本月销售额？` });
    expect(t.bots.hub.pendingCount(bot.appKey).waiting).toBe(1);

    const quiet = await browser.submit(`${chatUrl()}/messages`, { from: member, text: '大家好' });
    expect(flash(quiet.html)).toContain('未推送');
    expect(messages().at(-1)!.content).toEqual({ type: 'text', content: '大家好' });
    expect(t.bots.hub.pendingCount(bot.appKey).waiting).toBe(1);
  });

  it('B5: a picture read into the form (base64) is sent as a picture message whose file the page shows by its media id', async () => {
    const { member, bot, chatUrl, messages, browser, s } = setup();
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
      'base64',
    );
    await browser.submit(`${chatUrl()}/messages`, {
      from: member,
      text: '',
      at: bot.appKey,
      fileBase64: png.toString('base64'),
      fileName: '<b>图表</b>.png',
      fileType: 'image/png',
    });
    const sent = messages().at(-1)!;
    expect(sent.msgtype).toBe('picture');
    const mediaId = (sent.content as { mediaId: string }).mediaId;
    expect(s.tenant.media.get(mediaId)!.bytes.equals(png)).toBe(true);
    const conv = await browser.get(`${chatUrl()}?part=conv`);
    expect(conv.html).toContain(`/media/${encodeURIComponent(mediaId)}`);
  });

  it('refusals come back to the page with the reason, never a 500: not a member, nothing typed, an unknown chat, two bots at once; nothing is posted', async () => {
    const { t, bot, group, member, outsider, chatUrl, messages, flash, browser } = setup();
    const before = messages().length;

    const notMember = await browser.post(
      `${chatUrl()}/messages`,
      { from: outsider.userid, text: '你好', at: bot.appKey },
      { origin: 'http://localhost:80' },
    );
    expect(notMember.status).toBe(303);
    const back = await browser.get(notMember.location!);
    expect(back.status).toBe(200);
    expect(flash(back.html)).toContain(`${outsider.userid} 不在群`);
    expect(flash(back.html)).toContain('is not in group');

    const empty = await browser.submit(`${chatUrl()}/messages`, {
      from: member,
      text: '   ',
      at: bot.appKey,
    });
    expect(empty.status).toBe(200);
    expect(flash(empty.html)).toContain('请输入消息内容');
    // What was typed comes back in the box.
    expect(decode(empty.html)).toContain('>   </textarea>');

    const unknown = await browser.submit(`${chatUrl('cidNOPE==')}/messages`, { from: member, text: '你好' });
    expect(unknown.status).toBe(200);
    expect(flash(unknown.html)).toContain('没有会话 cidNOPE==');

    const second = t.addApp({ name: '第二个机器人', robot: { name: '助手', stream: true } });
    group.robotCodes.push(second.appKey);
    const two = await browser.submit(`${chatUrl()}/messages`, {
      from: member,
      text: '你们好',
      at: [bot.appKey, second.appKey],
    });
    expect(flash(two.html)).toContain('只能 @ 一个机器人');

    expect(messages().length).toBe(before);
  });

  it('the conversation block alone (what the page polls): names and messages are text — a person named <img onerror> and a <script> reply are not markup', async () => {
    const { t, bot, group, member, chatUrl, browser } = setup();
    t.directory.getUser(member)!.name = '<img src=x onerror=alert(1)>';
    const d = t.bots.deliver(bot.appKey, {
      from: member,
      conversation: { type: '2', id: group.openConversationId },
      text: '<script>alert(2)</script>',
    });
    t.bots.reply(new URL(String(d.data!.sessionWebhook)).searchParams.get('session')!, {
      msgtype: 'markdown',
      markdown: { title: 't', text: '**粗体** <script>alert(3)</script>' },
    });
    const conv = await browser.get(`${chatUrl()}?part=conv&as=${member}`);
    expect(conv.status).toBe(200);
    expect(conv.res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(conv.html).not.toContain('<script');
    expect(conv.html).not.toContain('<img src=x');
    expect(conv.html).toContain('&lt;img src=x onerror=alert(1)>');
    expect(conv.html).toContain('<strong>粗体</strong>');
    expect(conv.html).not.toContain('<html');
    expect(conv.html).toContain('dt-mine');
  });
});

describe('console chat page: cards and one-to-one chats (B3, B7)', () => {
  it('B7: a card button pressed on the page reaches the card’s bot as the chosen person; someone outside the chat is refused', async () => {
    const { t, bot, member, outsider, group, chatUrl, flash, browser } = setup();
    const now = t.clock.now();
    const { card } = t.cards.create(
      bot.appKey,
      {
        outTrackId: 'card-1',
        cardTemplateId: AI_CARD_TEMPLATES[0]!,
        cardData: { msgContent: '请选择' },
        privateData: { [member]: { msgContent: '只给你看' } },
        callbackType: 'STREAM',
      },
      now,
    );
    t.cards.deliver(
      card,
      {
        openSpaceId: `dtv1.card//IM_GROUP.${group.openConversationId}`,
        models: { groupRobotCode: bot.appKey },
        sender: { appKey: bot.appKey, name: bot.robot!.name },
      },
      now,
    );
    const page = await browser.get(`${chatUrl()}?as=${member}`);
    // The chosen person sees their private data over the card's.
    expect(page.html).toContain('只给你看');
    expect(page.html).toContain('data-out-track-id="card-1"');

    const pressed = await browser.submit(`${chatUrl()}/cards/card-1/press`, {
      as: member,
      params: '{"action":"like"}',
      actionIds: 'btn_1',
    });
    expect(flash(pressed.html)).toContain('已按下按钮');
    expect(t.bots.hub.pendingCount(bot.appKey).waiting).toBe(1);

    const refused = await browser.submit(`${chatUrl()}/cards/card-1/press`, {
      as: outsider.userid,
      params: '{}',
    });
    expect(refused.status).toBe(200);
    expect(flash(refused.html)).toContain('不在会话');
    const badJson = await browser.submit(`${chatUrl()}/cards/card-1/press`, { as: member, params: '{' });
    expect(flash(badJson.html)).toContain('不是合法的 JSON');
    expect(t.bots.hub.pendingCount(bot.appKey).waiting).toBe(1);
  });

  it('B3: 发起单聊 opens a person’s one-to-one chat with the bot; writing there needs no @ and is pushed', async () => {
    const { t, bot, outsider, flash, browser } = setup();
    const opened = await browser.post(
      `/__sandbox/tenants/${t.corpId}/chats/oto`,
      { robotCode: bot.appKey, userid: outsider.userid },
      { origin: 'http://localhost:80' },
    );
    expect(opened.status).toBe(303);
    const chat = t.messaging.chats.list().find((c) => c.kind === 'oto' && c.ownerUserid === outsider.userid)!;
    expect(opened.location).toBe(
      `/__sandbox/tenants/${t.corpId}/chats/${encodeURIComponent(chat.openConversationId)}`,
    );
    const page = await browser.get(opened.location!);
    expect(decode(page.html)).toContain(`${bot.robot!.name} · ${outsider.name}`);

    const sent = await browser.submit(`${opened.location!}/messages`, {
      from: outsider.userid,
      text: '在吗',
    });
    expect(flash(sent.html)).toContain('已发送给机器人');
    expect(t.messaging.chats.messagesOf(chat.openConversationId).at(-1)!.content).toEqual({
      type: 'text',
      content: '在吗',
    });
    expect(t.bots.hub.pendingCount(bot.appKey).waiting).toBe(1);

    const nobody = await browser.submit(`/__sandbox/tenants/${t.corpId}/chats/oto`, {
      robotCode: bot.appKey,
      userid: 'nobody',
    });
    expect(flash(nobody.html)).toContain('组织内没有在职成员 nobody');
    // The messages page lists the one-to-one chat.
    expect((await browser.get(`/__sandbox/tenants/${t.corpId}/inbox`)).html).toContain('data-kind="oto"');
  });

  it('a person leaves the group from its page (退出该群): the group loses them, apps subscribed to chat_quit are told, the owner has no such button', async () => {
    const { t, group, chatUrl, flash, browser } = setup();
    const leaver = group.memberUserids.find((id) => id !== group.ownerUserid)!;
    const asLeaver = await browser.get(`${chatUrl()}?as=${encodeURIComponent(leaver)}`);
    expect(asLeaver.html).toContain('退出该群');
    expect(
      (await browser.get(`${chatUrl()}?as=${encodeURIComponent(group.ownerUserid)}`)).html,
    ).not.toContain('退出该群');
    const recorded = vi.spyOn(t.events, 'record');
    const page = await browser.submit(`${chatUrl()}/quit`, { as: leaver });
    expect(page.status).toBe(200);
    expect(flash(page.html)).toContain(`已退出群「${group.name}」`);
    expect(t.messaging.chats.get(group.openConversationId)!.memberUserids).not.toContain(leaver);
    expect(recorded.mock.calls.map(([change]) => change.type)).toEqual(['chat_quit']);
    // The owner hands the group over first: refused on the page, nothing changes.
    const owner = await browser.submit(`${chatUrl()}/quit`, { as: group.ownerUserid });
    expect(flash(owner.html)).toContain('须先转让群主');
    expect(t.messaging.chats.get(group.openConversationId)!.memberUserids).toContain(group.ownerUserid);
  });
});
