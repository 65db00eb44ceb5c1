/** Load runs with autocannon: bounded connections and duration, latencies kept at sub-millisecond precision. */
import autocannon from 'autocannon';
import type { JsonCall } from './http.ts';
import { percentile } from './stats.ts';

export interface LoadResult {
  /** 2xx responses per second over the run. */
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  responses: number;
  non2xx: number;
  errors: number;
}

export interface LoadOptions {
  connections: number;
  durationSec: number;
}

/**
 * Hammer one path. autocannon's own latency histogram has whole-millisecond buckets, too coarse on
 * loopback, so the per-response times it emits are collected and the percentiles computed here.
 */
export async function load(base: string, call: JsonCall, opts: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  let ok = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: new URL(call.path, base).toString(),
        method: call.method,
        connections: opts.connections,
        duration: opts.durationSec,
        headers: call.json === undefined ? {} : { 'content-type': 'application/json' },
        body: call.json === undefined ? undefined : JSON.stringify(call.json),
      },
      (err: unknown, res: autocannon.Result) => (err ? reject(err as Error) : resolve(res)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) {
        ok++;
        latencies.push(responseTime);
      }
    });
  });
  return {
    reqPerSec: ok / result.duration,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    responses: ok,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}
