/**
 * What the sandbox's outgoing POSTs (event pushes, bots' message URLs) share: reading a receiver's
 * answer with a size cap, and saying in words why a request got no answer.
 */

/** The most of a receiver's answer read (64 KB). */
export const ANSWER_LIMIT = 64 * 1024;

/** The answer's text, or null when it is longer than ANSWER_LIMIT (the rest is not read). */
export async function readCapped(res: Response): Promise<string | null> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > ANSWER_LIMIT) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** An error in words: a network error's code (ECONNREFUSED, …) rather than fetch's "fetch failed". */
export function errorText(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as Error & { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? e.message;
  }
  return String(e);
}

/** Why a fetch threw: its timeout ran out, or the request failed (refused, reset, …). */
export function requestFailure(
  e: unknown,
  timeoutMs: number,
): { timedOut: boolean; reason: string; reasonZh: string } {
  const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
  return timedOut
    ? { timedOut, reason: `no answer within ${timeoutMs} ms`, reasonZh: `${timeoutMs} 毫秒内无应答` }
    : { timedOut, reason: `the request failed: ${errorText(e)}`, reasonZh: `请求失败：${errorText(e)}` };
}
