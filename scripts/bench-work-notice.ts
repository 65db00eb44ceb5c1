/**
 * Benchmark: a work notification to 10,000 users (to_all_user on a generated 10,000-user tenant),
 * through the real HTTP stack in-process (light-my-request). Prints the median time of a
 * 10,000-recipient send against a 1-recipient send measured in the same run, and the heap after
 * many such sends (the mailbox caps keep it flat).  Run: npx tsx scripts/bench-work-notice.ts
 */
import { inject } from 'light-my-request';
import { createSandbox } from '../mock-server/src/start.ts';

const USERS = Number(process.env.USERS ?? 10_000);
const ROUNDS = Number(process.env.ROUNDS ?? 15);

const { app, defaultTenant } = createSandbox({ users: USERS });
const handler = app.callback();
const main = defaultTenant.listApps()[0]!;

async function call(url: string, json?: unknown): Promise<Record<string, unknown>> {
  const r = await inject(handler, {
    method: json === undefined ? 'GET' : 'POST',
    url,
    headers: { 'content-type': 'application/json' },
    payload: json === undefined ? undefined : JSON.stringify(json),
  });
  return r.json() as Record<string, unknown>;
}

const token = String(
  (await call(`/gettoken?appkey=${main.appKey}&appsecret=${encodeURIComponent(main.appSecret)}`))
    .access_token,
);
const someone = [...defaultTenant.directory.allUsers()][1]!.userid;
let n = 0;

async function timeSend(body: Record<string, unknown>): Promise<number> {
  const msg = { msgtype: 'markdown', markdown: { title: '通知', text: `### 通知 ${++n}` } };
  const t0 = performance.now();
  const r = await call(`/topapi/message/corpconversation/asyncsend_v2?access_token=${token}`, {
    agent_id: main.agentId,
    msg,
    ...body,
  });
  const ms = performance.now() - t0;
  if (r.errcode !== 0) throw new Error(`send failed: ${JSON.stringify(r)}`);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// Warm up both paths.
await timeSend({ userid_list: someone });
await timeSend({ to_all_user: true });

const one: number[] = [];
const all: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  one.push(await timeSend({ userid_list: someone }));
  all.push(await timeSend({ to_all_user: true }));
}
const progress = await call(`/topapi/message/corpconversation/getsendprogress?access_token=${token}`, {
  agent_id: main.agentId,
  task_id: defaultTenant.messaging.mailbox.inbox(someone)[0]!.delivery.taskId,
});

const heap = () => Math.round(process.memoryUsage().heapUsed / 1e6);
globalThis.gc?.();
const heapBefore = heap();
for (let i = 0; i < 200; i++) await timeSend({ to_all_user: true });
globalThis.gc?.();
const heapAfter = heap();
const mb = defaultTenant.messaging.mailbox;

console.log(`tenant: ${USERS} users; rounds: ${ROUNDS}`);
console.log(`send to 1 user          median ${median(one).toFixed(2)} ms`);
console.log(
  `send to ${USERS} (to_all_user) median ${median(all).toFixed(2)} ms  (ratio ${(median(all) / median(one)).toFixed(1)}×)`,
);
console.log(`progress after send: ${JSON.stringify(progress.progress)}`);
console.log(
  `after 200 more all-user sends: heap ${heapBefore} MB → ${heapAfter} MB; deliveries kept ${mb.deliveryCount}, recipient slots ${mb.recipientSlots} (cap ${mb.options.maxRecipientSlots})`,
);
