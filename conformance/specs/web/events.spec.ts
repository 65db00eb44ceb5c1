/**
 * V1–V5, 事件订阅 over HTTP push: the BI's event receiver registered in the sandbox (check_url), directory
 * changes pushed to it encrypted and signed, a wrongly signed push refused and retried, a receiver that
 * keeps failing left with get_call_back_failed_result, and the BI kept in step by the events alone — a
 * user who leaves is deactivated within seconds, without a full 账户同步, and nobody else is touched.
 *
 * V1's Stream half (事件订阅 › Stream模式推送) is at the end: the unmodified `dingtalk-stream` SDK in
 * its own process, reaching the sandbox on DingTalk's real hostnames as the bot specs' bots do.
 * Retries are brought on by moving the tenant clock (no sleeping); every wait is on a condition.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { AppInfo, JournalEntry, SandboxAdmin } from 'dingtalk-sandbox';
import { test as streamTest } from '../../fixtures/bot.ts';
import { expect, shot, test } from '../../fixtures/index.ts';
import type { SandboxReach } from '../../targets/bot-target.ts';
import type { BiUnderTest } from '../../targets/target.ts';

/** What DingTalk's 事件订阅 page holds for the app: the 签名 token and the 加密 aes_key (43 letters or digits). */
const SECRETS = { token: 'conformance-events', aesKey: 'V5confOrmanceEventsAesKey0123456789abcdefXY' };

interface Attempt {
  ok: boolean;
  status?: number;
  reason: string;
}
interface Delivery {
  appKey: string;
  state: 'pending' | 'delivered' | 'failed' | 'dropped';
  nextAt?: number;
  attempts: Attempt[];
}
interface EventView {
  eventId: string;
  eventType: string;
  http: Record<string, unknown>;
  deliveries: Delivery[];
}

const subscriptionPath = (corpId: string, appKey: string) =>
  `/tenants/${corpId}/apps/${appKey}/event-subscription`;

/** Where the events happen: the tenant's admin API and the app that subscribes (the BI's app). */
interface Where {
  admin: SandboxAdmin;
  corpId: string;
  appKey: string;
}

/** 事件订阅 › HTTP 推送 › 保存, through the admin API: the sandbox runs the check_url handshake first. */
function subscribe(w: Where, url: string, token = SECRETS.token) {
  return w.admin.request<{ channel: string; url: string }>('POST', subscriptionPath(w.corpId, w.appKey), {
    channel: 'http',
    url,
    token,
    aesKey: SECRETS.aesKey,
  });
}

/** The admin signs in to the BI and saves the receiver's secrets; the BI's receiver URL, registered. */
async function receiverRegistered(
  page: Page,
  bi: BiUnderTest,
  admin: { username: string; password: string },
  w: Where,
): Promise<string> {
  await bi.ui.signInWithPassword(page, admin.username, admin.password);
  const url = await bi.ui.configureEventReceiver(page, SECRETS);
  await subscribe(w, url);
  return url;
}

/** The newest event of `eventType` once its delivery satisfies `done` (waiting on the condition). */
async function eventOnce(w: Where, eventType: string, done: (d: Delivery) => boolean): Promise<EventView> {
  let found: EventView | undefined;
  await expect
    .poll(
      async () => {
        const { events } = await w.admin.request<{ events: EventView[] }>(
          'GET',
          `/tenants/${w.corpId}/events`,
        );
        found = events.find((e) => e.eventType === eventType);
        return found?.deliveries[0] !== undefined && done(found.deliveries[0]);
      },
      { message: `a ${eventType} delivery in the expected state`, intervals: [50] },
    )
    .toBe(true);
  return found!;
}

const delivered = (d: Delivery) => d.state === 'delivered';
const where = (admin: SandboxAdmin, corpId: string, appKey: string): Where => ({ admin, corpId, appKey });

test.describe('事件订阅: the BI’s event receiver (V1–V5, HTTP push)', () => {
  test('V2 registering the BI’s receiver URL passes check_url; a wrong token fails it with the reason and registers nothing', async ({
    page,
    bi,
    people,
    sandbox,
    tenant,
    app,
  }) => {
    await bi.ui.signInWithPassword(page, people.admin.username, people.admin.password);
    const url = await bi.ui.configureEventReceiver(page, SECRETS);
    await shot(page, 'V2-receiver-url');
    expect(new URL(url).origin).toBe(new URL(bi.baseUrl).origin);

    const w = where(sandbox.admin, tenant.corpId, app.appKey);
    await expect(subscribe(w, url, 'not-the-token')).rejects.toMatchObject({
      status: 400,
      code: 'checkUrlFailed',
      message: expect.stringMatching(/check_url/),
    });
    await expect(
      sandbox.admin.request('GET', subscriptionPath(tenant.corpId, app.appKey)),
    ).rejects.toMatchObject({
      status: 404,
      code: 'notSubscribed',
    });

    expect(await subscribe(where(sandbox.admin, tenant.corpId, app.appKey), url)).toMatchObject({
      channel: 'http',
      url,
    });
    expect(await sandbox.admin.request('GET', subscriptionPath(tenant.corpId, app.appKey))).toMatchObject({
      channel: 'http',
      url,
      verifiedAt: expect.any(Number),
    });
  });

  test('V1 (HTTP push) each directory change is one event named and shaped as DingTalk’s, pushed to the BI and acknowledged', async ({
    page,
    bi,
    people,
    sandbox,
    tenant,
    app,
  }) => {
    await receiverRegistered(page, bi, people.admin, where(sandbox.admin, tenant.corpId, app.appKey));
    const { admin } = sandbox;
    const corpId = tenant.corpId;
    const seen: Record<string, unknown>[] = [];
    const step = async (eventType: string, change: () => Promise<unknown>) => {
      await change();
      const e = await eventOnce(where(admin, corpId, app.appKey), eventType, delivered);
      expect(e.deliveries).toEqual([
        expect.objectContaining({
          appKey: app.appKey,
          state: 'delivered',
          attempts: [expect.objectContaining({ ok: true })],
        }),
      ]);
      seen.push(e.http);
    };
    let userid = '';
    await step('user_add_org', async () => {
      userid = (await admin.createUser(corpId, { name: '事件测试员工', deptIds: [1] })).userid;
    });
    await step('user_modify_org', () => admin.updateUser(corpId, userid, { name: '事件测试员工（改名）' }));
    await step('user_leave_org', () => admin.updateUser(corpId, userid, { resigned: true }));
    let deptId = 0;
    await step('org_dept_create', async () => {
      deptId = (await admin.createDepartment(corpId, { name: '事件测试部', parentId: 1 })).deptId;
    });
    await step('org_dept_modify', () => admin.updateDepartment(corpId, deptId, { name: '事件测试二部' }));
    await step('org_dept_remove', () => admin.deleteDepartment(corpId, deptId));

    const user = { TimeStamp: expect.any(Number), UserId: [userid], CorpId: corpId };
    const dept = { TimeStamp: expect.any(Number), DeptId: [deptId], CorpId: corpId };
    expect(seen).toEqual([
      { EventType: 'user_add_org', ...user },
      { EventType: 'user_modify_org', ...user },
      { EventType: 'user_leave_org', ...user },
      { EventType: 'org_dept_create', ...dept },
      { EventType: 'org_dept_modify', ...dept },
      { EventType: 'org_dept_remove', ...dept },
    ]);
  });

  test('V3 a push the sandbox signs wrongly (fault rule) is refused by the BI, recorded failed and retried; the user stays active until the correct retry', async ({
    page,
    bi,
    people,
    sandbox,
    tenant,
    app,
    faults,
    clock,
    journal,
  }) => {
    await receiverRegistered(page, bi, people.admin, where(sandbox.admin, tenant.corpId, app.appKey));
    await faults.add({ match: { host: 'event' }, action: { type: 'wrongSignature' } });
    const leaver = people.analyst.dingtalkUserid;
    await sandbox.admin.updateUser(tenant.corpId, leaver, { resigned: true });

    const refused = await eventOnce(
      where(sandbox.admin, tenant.corpId, app.appKey),
      'user_leave_org',
      (d) => d.attempts.length > 0,
    );
    expect(refused.deliveries[0]).toMatchObject({
      state: 'pending',
      nextAt: expect.any(Number),
      attempts: [{ ok: false, reason: expect.stringContaining('wrongSignature') }],
    });
    const pushes = await journal.entries({ route: 'event.http.push' });
    expect(pushes).toContainEqual(
      expect.objectContaining({ outcome: 'refused', reason: expect.stringContaining('next try at') }),
    );
    const whileRefused = await bi.ui.listUsers(page);
    expect(whileRefused.find((u) => u.username === people.analyst.username)).toMatchObject({ active: true });

    const now = (await clock.now()).now;
    await clock.advance(Math.ceil((refused.deliveries[0]!.nextAt! - now) / 1000));
    const retried = await eventOnce(
      where(sandbox.admin, tenant.corpId, app.appKey),
      'user_leave_org',
      delivered,
    );
    expect(retried.deliveries[0]!.attempts.map((a) => a.ok)).toEqual([false, true]);
    const after = await bi.ui.listUsers(page);
    await shot(page, 'V3-after-the-retry');
    expect(after.find((u) => u.username === people.analyst.username)).toMatchObject({ active: false });
  });

  test('V4 while every push fails, user_leave_org is retried on the sandbox’s schedule, then waits in get_call_back_failed_result, returned once; 账户同步 is the fallback', async ({
    page,
    bi,
    people,
    sandbox,
    tenant,
    app,
    faults,
    clock,
  }) => {
    await receiverRegistered(page, bi, people.admin, where(sandbox.admin, tenant.corpId, app.appKey));
    await faults.add({ match: { host: 'event' }, action: { type: 'wrongSignature' }, times: 'always' });
    const leaver = people.analyst.dingtalkUserid;
    await sandbox.admin.updateUser(tenant.corpId, leaver, { resigned: true });

    let e = await eventOnce(
      where(sandbox.admin, tenant.corpId, app.appKey),
      'user_leave_org',
      (d) => d.attempts.length === 1,
    );
    const gaps: number[] = [];
    while (e.deliveries[0]!.state === 'pending') {
      const { now } = await clock.now();
      const wait = Math.ceil((e.deliveries[0]!.nextAt! - now) / 1000);
      gaps.push(wait);
      await clock.advance(wait);
      const tries = e.deliveries[0]!.attempts.length;
      e = await eventOnce(
        where(sandbox.admin, tenant.corpId, app.appKey),
        'user_leave_org',
        (d) => d.attempts.length > tries,
      );
      expect(gaps.length, 'the retries end').toBeLessThan(50);
    }
    expect(e.deliveries[0]!.state).toBe('failed');
    expect(e.deliveries[0]!.attempts.filter((a) => a.ok)).toEqual([]);
    // Retried more than once, later and later.
    expect(gaps.length).toBeGreaterThan(1);
    expect(gaps.at(-1)!).toBeGreaterThan(gaps[0]!);

    const token = (
      (await (
        await fetch(`${sandbox.url}/gettoken?appkey=${app.appKey}&appsecret=${app.appSecret}`)
      ).json()) as { access_token: string }
    ).access_token;
    const failedResult = async () =>
      (await (
        await fetch(`${sandbox.url}/call_back/get_call_back_failed_result?access_token=${token}`)
      ).json()) as Record<string, unknown>;
    expect(await failedResult()).toEqual({
      errcode: 0,
      errmsg: 'ok',
      has_more: false,
      failed_list: [
        {
          event_time: expect.any(Number),
          call_back_tag: 'user_leave_org',
          userid: [leaver],
          deptid: [],
          corpid: tenant.corpId,
        },
      ],
    });
    expect(await failedResult()).toMatchObject({ errcode: 0, has_more: false, failed_list: [] });

    // The BI never accepted the push: the person is still active there, until the full sync.
    const analystRow = async () =>
      (await bi.ui.listUsers(page)).find((u) => u.username === people.analyst.username);
    expect(await analystRow()).toMatchObject({ active: true });
    await faults.clear();
    expect((await bi.ui.runSync(page)).status).toBe('succeeded');
    expect(await analystRow()).toMatchObject({ active: false });
  });

  test('V5 a user who leaves in DingTalk is deactivated in the BI within seconds, without a full sync; their session ends; nothing else touched', async ({
    page,
    browser,
    bi,
    people,
    sandbox,
    tenant,
    app,
    journal,
  }) => {
    await bi.ui.signInWithPassword(page, people.admin.username, people.admin.password);
    // The BI knows the whole directory (one full sync, as an admin would run first).
    expect((await bi.ui.runSync(page)).status).toBe('succeeded');
    const url = await bi.ui.configureEventReceiver(page, SECRETS);
    await subscribe(where(sandbox.admin, tenant.corpId, app.appKey), url);
    const fullSyncCalls = (await journal.entries({ route: 'oapi.v2.user.list' })).length;

    const theirs = await browser.newContext();
    try {
      const theirPage = await theirs.newPage();
      await bi.ui.signInWithPassword(theirPage, people.analyst.username, people.analyst.password);
      expect(await bi.ui.signedInAs(theirPage)).not.toBeNull();
      const before = await bi.ui.listUsers(page);

      await sandbox.admin.updateUser(tenant.corpId, people.analyst.dingtalkUserid, { resigned: true });
      await eventOnce(where(sandbox.admin, tenant.corpId, app.appKey), 'user_leave_org', delivered);

      const after = await bi.ui.listUsers(page);
      await shot(page, 'V5-deactivated');
      const others = (rows: typeof after) => rows.filter((u) => u.username !== people.analyst.username);
      expect(after.find((u) => u.username === people.analyst.username)).toMatchObject({
        dingtalkUserid: people.analyst.dingtalkUserid,
        active: false,
      });
      expect(others(after)).toEqual(others(before));
      await theirPage.goto(bi.baseUrl);
      expect(await bi.ui.signedInAs(theirPage)).toBeNull();
    } finally {
      await theirs.close();
    }
    expect(await journal.entries({ route: 'oapi.v2.user.list' })).toHaveLength(fullSyncCalls);
  });

  test('V5 a user renamed in DingTalk is renamed in the BI and a new one added, without a full sync; nothing else touched', async ({
    page,
    bi,
    people,
    sandbox,
    tenant,
    app,
    journal,
  }) => {
    await receiverRegistered(page, bi, people.admin, where(sandbox.admin, tenant.corpId, app.appKey));
    const before = await bi.ui.listUsers(page);
    const others = (rows: typeof before, ...names: string[]) =>
      rows.filter((u) => !names.includes(u.username));

    await sandbox.admin.updateUser(tenant.corpId, people.analyst.dingtalkUserid, { name: '改名后的分析师' });
    await eventOnce(where(sandbox.admin, tenant.corpId, app.appKey), 'user_modify_org', delivered);
    const renamed = await bi.ui.listUsers(page);
    expect(renamed.find((u) => u.username === people.analyst.username)).toMatchObject({
      displayName: '改名后的分析师',
      active: true,
    });
    expect(others(renamed, people.analyst.username)).toEqual(others(before, people.analyst.username));

    const newcomer = await sandbox.admin.createUser(tenant.corpId, { name: '新入职的同事', deptIds: [1] });
    await eventOnce(where(sandbox.admin, tenant.corpId, app.appKey), 'user_add_org', delivered);
    const added = await bi.ui.listUsers(page);
    await shot(page, 'V5-renamed-and-added');
    const row = added.find((u) => u.dingtalkUserid === newcomer.userid);
    expect(row).toMatchObject({ displayName: '新入职的同事', active: true });
    expect(added.filter((u) => u !== row)).toEqual(renamed);
    expect(await journal.entries({ route: 'oapi.v2.user.list' })).toEqual([]);
  });
});

/** One frame the SDK's `registerAllEventListener` handler was given, as it printed it. */
interface SdkEvent {
  type: string;
  headers: Record<string, string>;
  data: string;
}

/**
 * The unmodified `dingtalk-stream` SDK (DWClient, which always subscribes EVENT `*`) connected as
 * `app` in its own process — `node --import dingtalk-sandbox/register`, the register hook routing
 * api.dingtalk.com and wss-open-connection.dingtalk.com to the sandbox's TLS listener, as the bot
 * specs run their bot (targets/reference-bot.ts). Its handler prints each frame and answers SUCCESS.
 */
const LISTENER = `
import { DWClient, EventAck } from 'dingtalk-stream';
const client = new DWClient({ clientId: process.env.DINGTALK_CLIENT_ID, clientSecret: process.env.DINGTALK_CLIENT_SECRET });
client.registerAllEventListener((msg) => {
  process.stdout.write('FRAME ' + JSON.stringify({ type: msg.type, headers: msg.headers, data: msg.data }) + '\\n');
  return { status: EventAck.SUCCESS };
});
await client.connect();
`;

async function sdkListener(reach: SandboxReach, app: AppInfo) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (/^(https?|all|no)_proxy$/i.test(k)) delete env[k];
  delete env.NODE_OPTIONS;
  const child = spawn(
    process.execPath,
    ['--import', 'dingtalk-sandbox/register', '--input-type=module', '-e', LISTENER],
    {
      cwd: join(import.meta.dirname, '..', '..', '..'),
      env: {
        ...env,
        NO_COLOR: '1',
        FORCE_COLOR: '0',
        DINGTALK_CLIENT_ID: app.appKey,
        DINGTALK_CLIENT_SECRET: app.appSecret,
        DINGTALK_SANDBOX_URL: reach.url,
        DINGTALK_SANDBOX_CA: reach.caPath,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const frames: SdkEvent[] = [];
  const output: string[] = [];
  let rest = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop()!;
    for (const line of lines) {
      output.push(line);
      if (line.startsWith('FRAME ')) frames.push(JSON.parse(line.slice(6)) as SdkEvent);
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => output.push(chunk));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return {
    frames,
    output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

streamTest.describe('事件订阅: Stream push to the dingtalk-stream SDK (V1, Stream half)', () => {
  streamTest(
    'V1 (Stream push) each directory change reaches the SDK’s registerAllEventListener as one EVENT frame with DingTalk’s headers and camelCase data, acked SUCCESS; an app connected with EVENT * but not subscribed gets nothing',
    async ({ sandbox, tenant, reach, journal }, testInfo) => {
      const { admin } = sandbox;
      const corpId = tenant.corpId;
      const [subscribed, bystander] = tenant.apps as [AppInfo, AppInfo];
      // 事件订阅 › Stream模式推送 for one app only.
      expect(
        await admin.request('POST', subscriptionPath(corpId, subscribed.appKey), { channel: 'stream' }),
      ).toMatchObject({ channel: 'stream' });

      const listeners = [await sdkListener(reach, subscribed), await sdkListener(reach, bystander)];
      const [mine, theirs] = listeners as [
        Awaited<ReturnType<typeof sdkListener>>,
        Awaited<ReturnType<typeof sdkListener>>,
      ];
      try {
        // Both SDKs connected (EVENT * each) before anything changes.
        await expect
          .poll(
            async () =>
              (await journal.entries({ route: 'stream.connect' }))
                .filter((e) => e.path.startsWith('connected '))
                .map((e) => e.appKey)
                .sort(),
            { message: 'both SDK connections', intervals: [50], timeout: 30_000 },
          )
          .toEqual([subscribed.appKey, bystander.appKey].sort());

        const expectFrames = (n: number) =>
          expect.poll(() => mine.frames.length, { message: `${n} EVENT frames`, intervals: [50] }).toBe(n);
        let userid = '';
        userid = (await admin.createUser(corpId, { name: '流事件员工', deptIds: [1] })).userid;
        await expectFrames(1);
        await admin.updateUser(corpId, userid, { name: '流事件员工（改名）' });
        await expectFrames(2);
        await admin.updateUser(corpId, userid, { resigned: true });
        await expectFrames(3);
        const deptId = (await admin.createDepartment(corpId, { name: '流事件部', parentId: 1 })).deptId;
        await expectFrames(4);
        await admin.updateDepartment(corpId, deptId, { name: '流事件二部' });
        await expectFrames(5);
        await admin.deleteDepartment(corpId, deptId);
        await expectFrames(6);

        const { events } = await admin.request<{
          events: (EventView & { bornAt: number; corpId: string })[];
        }>('GET', `/tenants/${corpId}/events`);
        const born = events.slice(0, 6).reverse();
        const got = mine.frames;
        expect(got.map((f) => [f.type, f.headers.topic, f.headers.eventType])).toEqual(
          [
            'user_add_org',
            'user_modify_org',
            'user_leave_org',
            'org_dept_create',
            'org_dept_modify',
            'org_dept_remove',
          ].map((t) => ['EVENT', '*', t]),
        );
        got.forEach((f, i) => {
          expect(f.headers).toMatchObject({
            eventType: born[i]!.eventType,
            eventId: born[i]!.eventId,
            eventCorpId: corpId,
            eventBornTime: String(born[i]!.bornAt),
            topic: '*',
            contentType: 'application/json',
          });
        });
        const data = got.map((f) => JSON.parse(f.data) as Record<string, unknown>);
        expect(data).toEqual([
          ...got.slice(0, 3).map((f) => ({ timeStamp: f.headers.eventBornTime, userId: [userid] })),
          ...got.slice(3).map((f) => ({ timeStamp: f.headers.eventBornTime, deptId: [deptId] })),
        ]);
        expect(data.map((d) => typeof d.timeStamp)).toEqual(Array(6).fill('string'));

        // Each delivered after its SUCCESS ack, and the journal shows the push and the ack.
        await expect
          .poll(
            async () =>
              (await admin.request<{ events: EventView[] }>('GET', `/tenants/${corpId}/events`)).events
                .slice(0, 6)
                .map((e) => e.deliveries.map((d) => [d.appKey, d.state])),
            { message: 'six deliveries to the subscribed app, delivered', intervals: [50] },
          )
          .toEqual(Array(6).fill([[subscribed.appKey, 'delivered']]));
        const bySeq = (es: JournalEntry[]) => [...es].sort((a, b) => a.seq - b.seq);
        const pushed = bySeq(await journal.entries({ route: 'stream.event' }));
        expect(
          pushed.map((e) => [e.host, e.appKey, e.outcome, e.path.split(' ').slice(0, 3).join(' ')]),
        ).toEqual(got.map((f) => ['stream', subscribed.appKey, 'ok', `push * ${f.headers.eventType}`]));
        const acks = bySeq(await journal.entries({ route: 'stream.ack' }));
        expect(acks.map((e) => [e.appKey, e.outcome, /messageId=(\S+)/.exec(e.path)?.[1]])).toEqual(
          got.map((f) => [subscribed.appKey, 'ok', f.headers.messageId]),
        );

        // The app connected with EVENT * but never subscribed heard nothing.
        expect(theirs.frames).toEqual([]);
      } finally {
        for (const l of listeners) await l.stop();
        if (testInfo.status !== testInfo.expectedStatus)
          await testInfo.attach('sdk-output.txt', {
            body: listeners.flatMap((l) => l.output).join('\n'),
            contentType: 'text/plain',
          });
      }
    },
  );
});
