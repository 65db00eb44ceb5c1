/**
 * How other languages' libraries write a request, byte for byte, so a product test replays what the
 * product really sends: Python's json.dumps (what `requests.post(json=…)` sends), PHP's
 * json_encode, and an HTTP/1.0 request over a raw socket (PHP curl with CURL_HTTP_VERSION_1_0).
 */
import { connect } from 'node:net';

function escapeNonAscii(s: string): string {
  return s.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Python's `json.dumps(obj)` with its defaults: ", " and ": " separators, ensure_ascii (every
 * non-ASCII character as \uXXXX), "/" left alone.
 */
export function pythonJsonDumps(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(pythonJsonDumps).join(', ')}]`;
  if (v && typeof v === 'object') {
    const fields = Object.entries(v).map(([k, x]) => `${pythonJsonDumps(k)}: ${pythonJsonDumps(x)}`);
    return `{${fields.join(', ')}}`;
  }
  return typeof v === 'string' ? escapeNonAscii(JSON.stringify(v)) : JSON.stringify(v);
}

/** PHP's `json_encode($v)` with no flags: compact, non-ASCII as \uXXXX, and "/" as "\/". */
export function phpJsonEncode(v: unknown): string {
  return escapeNonAscii(JSON.stringify(v)).replace(/\//g, '\\/');
}

export interface RawAnswer {
  statusLine: string;
  headers: string;
  body: string;
}

/**
 * One request over a fresh socket, written as given (e.g. HTTP/1.0 with PHP curl's headers); the
 * server closes the connection after an HTTP/1.0 answer, which ends the read.
 */
export function rawRequest(port: number, request: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(request));
    const chunks: Buffer[] = [];
    socket.setTimeout(5_000, () => socket.destroy(new Error('no answer within 5 s')));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const at = text.indexOf('\r\n\r\n');
      const head = text.slice(0, at);
      resolve({
        statusLine: head.split('\r\n')[0] ?? '',
        headers: head,
        body: text.slice(at + 4),
      });
    });
  });
}
