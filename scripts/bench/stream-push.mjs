// Inside the sandbox under benchmark (sandbox-runner.mjs): person messages delivered straight to a
// tenant's bots (`tenant.bots.deliver`, what POST …/bots/{robotCode}/messages calls after parsing),
// each timed from just before the delivery to the moment the hub takes the bot's ack. The push + ack
// path without the admin API's HTTP in front (push-loop.mjs measures).
import { pushLoop } from './push-loop.mjs';

const hooked = new WeakMap();

/** The tenant's hub, its `ack` wrapped once so a running loop hears each messageId acked. */
function acksOf(tenant) {
  let tap = hooked.get(tenant);
  if (tap) return tap;
  tap = { listener: undefined };
  const hub = tenant.bots.hub;
  const ack = hub.ack.bind(hub);
  hub.ack = (linkId, a) => {
    ack(linkId, a);
    tap.listener?.(a.messageId);
  };
  hooked.set(tenant, tap);
  return tap;
}

/**
 * {corpId?, robotCodes, from, count, window}: `count` one-to-one messages from `from`, to the bots in
 * turn. Resolves with push-loop's figures (and how many frames the hub holds unacked at the end).
 */
export async function streamPush(running, msg) {
  const tenant = msg.corpId ? running.sandbox.getTenant(msg.corpId) : running.defaultTenant;
  if (!tenant) throw new Error(`no tenant ${msg.corpId}`);
  const tap = acksOf(tenant);
  const loop = pushLoop({
    count: msg.count,
    window: msg.window,
    push: (i) =>
      tenant.bots.deliver(msg.robotCodes[i % msg.robotCodes.length], {
        from: msg.from,
        conversation: { type: '1' },
        text: `bench ${i}`,
      }).messageId,
  });
  tap.listener = loop.acked;
  const r = await loop.done;
  tap.listener = undefined;
  let inflight = 0;
  for (const code of new Set(msg.robotCodes)) inflight += tenant.bots.hub.pendingCount(code).inflight;
  return { ...r, inflightAfter: inflight };
}
