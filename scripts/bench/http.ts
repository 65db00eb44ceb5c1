/** Plain loopback HTTP for the benchmark: JSON calls and timed sequential requests on one keep-alive socket. */
import { Agent, request } from 'node:http';

export interface JsonCall {
  method: 'GET' | 'POST';
  path: string;
  json?: unknown;
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** One request; resolves with the status and the parsed JSON body. `via`: another agent than the one socket. */
export function callJson(
  base: string,
  call: JsonCall,
  via: Agent = agent,
): Promise<{ status: number; body: unknown }> {
  const url = new URL(call.path, base);
  const payload = call.json === undefined ? undefined : JSON.stringify(call.json);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: call.method,
        agent: via,
        headers: payload === undefined ? {} : { 'content-type': 'application/json' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown });
          } catch {
            resolve({ status: res.statusCode ?? 0, body: text });
          }
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** A call that must answer HTTP 200 with DingTalk's errcode 0; returns the body. */
export async function callOk(base: string, call: JsonCall): Promise<Record<string, unknown>> {
  const { status, body } = await callJson(base, call);
  const b = body as Record<string, unknown>;
  if (status !== 200 || b?.errcode !== 0) {
    throw new Error(`${call.method} ${call.path} answered ${status} ${JSON.stringify(body).slice(0, 300)}`);
  }
  return b;
}

/** Milliseconds of each of `count` sequential calls (after `warmup` untimed ones). */
export async function timeSequential(
  base: string,
  call: JsonCall,
  count: number,
  warmup: number,
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await callOk(base, call);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await callOk(base, call);
    out.push(performance.now() - t0);
  }
  return out;
}

export function closeAgent(): void {
  agent.destroy();
}
