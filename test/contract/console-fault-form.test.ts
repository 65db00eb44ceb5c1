/**
 * The console's fault-rule form (故障规则) and the pushes a rule may shape: the `stream` host (a bot's
 * callbacks, stream.callback, and 事件订阅's Stream push, stream.event) and the `event` host (HTTP event
 * pushes, event.http.push) are offered in words, with their routes, and the actions that act only
 * there — disconnect (with drop and the SYSTEM disconnect reason), wrongSignature, wrongKey — each
 * labelled and explained in Chinese first, English beside.
 */
import { describe, expect, it } from 'vitest';
import { consoleBrowser, decode } from '../helpers/console.ts';
import { makeSandbox } from '../helpers/sandbox.ts';

/** The text of `<option value="…">` inside the select named `name`. */
function optionText(html: string, name: string, value: string): string | undefined {
  const select = new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1] ?? '';
  return new RegExp(`<option value="${value.replace(/\./g, '\\.')}"[^>]*>([^<]*)</option>`).exec(select)?.[1];
}

/** The form row shown for `action` (data-for-action), as text. */
function actionRow(html: string, action: string): string {
  const row = new RegExp(`<div class="row" data-for-action="${action}">([\\s\\S]*?)</div>\\s*</div>`).exec(
    html,
  );
  return (row?.[1] ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

describe('console: the fault form for Stream and HTTP event pushes', () => {
  it('X3: the stream and event hosts, their push routes and the actions disconnect / wrongSignature / wrongKey are offered with Chinese and English words', async () => {
    const s = makeSandbox();
    const html = decode((await consoleBrowser(s).get(`/__sandbox/tenants/${s.tenant.corpId}/faults`)).html);

    expect(optionText(html, 'host', 'stream')).toMatch(
      /Stream 推送.*stream\.callback.*stream\.event.*Stream pushes/,
    );
    expect(optionText(html, 'host', 'event')).toMatch(/HTTP 事件推送.*event\.http\.push.*HTTP event pushes/);
    expect({
      'stream.callback': optionText(html, 'route', 'stream.callback'),
      'stream.event': optionText(html, 'route', 'stream.event'),
      'event.http.push': optionText(html, 'route', 'event.http.push'),
    }).toEqual({
      'stream.callback': expect.stringMatching(/机器人回调.*bot callback/),
      'stream.event': expect.stringMatching(/事件.*Stream.*event/),
      'event.http.push': expect.stringMatching(/HTTP 事件推送.*HTTP event push/),
    });
    expect({
      disconnect: optionText(html, 'action', 'disconnect'),
      wrongSignature: optionText(html, 'action', 'wrongSignature'),
      wrongKey: optionText(html, 'action', 'wrongKey'),
    }).toEqual({
      disconnect: '断开 Stream 连接 (disconnect)',
      wrongSignature: '错误的签名 (wrongSignature)',
      wrongKey: '错误的 aes_key (wrongKey)',
    });
    // Each explained where it acts, in both languages (faults/explain.ts's words).
    expect(actionRow(html, 'disconnect')).toMatch(/推送前.*SYSTEM disconnect.*before the push/);
    expect(actionRow(html, 'disconnect')).toMatch(/仅作用于 stream.*stream pushes only/i);
    expect(actionRow(html, 'wrongSignature')).toMatch(
      /以错误的 msg_signature 推送 HTTP 事件.*wrong msg_signature/,
    );
    expect(actionRow(html, 'wrongKey')).toMatch(/以另一个 aes_key 加密.*another aes_key/);
    expect(actionRow(html, 'wrongKey')).toMatch(/仅作用于 event.*HTTP event pushes only/);
  });

  it('X3: a disconnect rule made in the form on stream.event keeps drop and the reason, and is listed in words', async () => {
    const s = makeSandbox();
    const b = consoleBrowser(s);
    const url = `/__sandbox/tenants/${s.tenant.corpId}/faults`;
    await b.submit(url, {
      route: 'stream.event',
      host: 'stream',
      action: 'disconnect',
      drop: '1',
      reason: 'gateway restart',
      times: 'once',
    });
    expect(s.tenant.faults.list()).toEqual([
      expect.objectContaining({
        match: { route: 'stream.event', host: 'stream' },
        action: { type: 'disconnect', drop: true, reason: 'gateway restart' },
      }),
    ]);
    await b.submit(url, {
      route: 'stream.callback',
      action: 'disconnect',
      reason: 'connection is expired',
      times: 'once',
    });
    expect(s.tenant.faults.list()[1]!.action).toEqual({
      type: 'disconnect',
      drop: false,
      reason: 'connection is expired',
    });
    const html = decode((await b.get(url)).html);
    expect(html).toContain('推送前直接断开机器人的 Stream 连接（无关闭帧）');
    expect(html).toContain('drop the bot’s Stream connection before the push (no close frame)');
  });

  it('X3: wrongSignature and wrongKey rules from the form on the event host are listed in words', async () => {
    const s = makeSandbox();
    const b = consoleBrowser(s);
    const url = `/__sandbox/tenants/${s.tenant.corpId}/faults`;
    await b.submit(url, { host: 'event', action: 'wrongSignature', times: 'once' });
    await b.submit(url, { route: 'event.http.push', action: 'wrongKey', times: 'always' });
    expect(s.tenant.faults.list().map((r) => [r.match, r.action])).toEqual([
      [{ host: 'event' }, { type: 'wrongSignature' }],
      [{ route: 'event.http.push' }, { type: 'wrongKey' }],
    ]);
    const html = decode((await b.get(url)).html);
    expect(html).toContain('以错误的 msg_signature 推送 HTTP 事件');
    expect(html).toContain('encrypt the HTTP event push with another aes_key');
  });
});
