/**
 * One exchange over a real TCP socket: the bytes as given (split into chunks, optionally slowly),
 * then every answer read until the expected ones are in or the server closes. Bytes are latin1
 * strings, so a case saved as JSON replays byte for byte. A server that neither answers nor closes
 * within the deadline is a hang.
 */
import { connect } from 'node:net';

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface WireResult {
  responses: WireResponse[];
  /** The server neither answered nor closed within the deadline. */
  hang: boolean;
  /** Bytes after the last whole response (a torn answer). */
  trailing: string;
  /** A connection error other than a reset after the answers (refused, …). */
  error?: string;
}

export interface Exchange {
  chunks: string[];
  /** Pause between chunks (a slow client), bounded by the case generator. */
  delayMs?: number;
  /** The methods of the requests in order, so a HEAD answer is read without a body. */
  methods: string[];
  /**
   * How many answers complete the exchange (well-formed requests). Unknown (a malformed one): after
   * a quiet moment the client half-closes, as a client that has nothing more to say, and waits for
   * the server's answer or close. (A half-close right away would not do: Node closes a half-closed
   * connection without answering a request still being handled.)
   */
  expected: number | null;
}

const QUIET_MS = 300;

export function exchange(port: number, ex: Exchange, deadlineMs: number): Promise<WireResult> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const received: Buffer[] = [];
    let settled = false;
    let sent = false;
    let quiet: NodeJS.Timeout | undefined;
    let error: string | undefined;
    const parse = () => parseResponses(Buffer.concat(received).toString('latin1'), ex.methods);
    const finish = (hang: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(quiet);
      socket.destroy();
      const { responses, trailing } = parse();
      resolve({ responses, hang, trailing, ...(error ? { error } : {}) });
    };
    const timer = setTimeout(() => finish(true), deadlineMs);
    const idle = () => {
      clearTimeout(quiet);
      if (sent && ex.expected === null) quiet = setTimeout(() => socket.end(), QUIET_MS);
    };
    socket.on('data', (d: Buffer) => {
      received.push(d);
      if (ex.expected !== null && parse().responses.length >= ex.expected) finish(false);
      else idle();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      // A reset or a broken pipe after the server refused and closed is an answer, not a fault.
      if (e.code !== 'ECONNRESET' && e.code !== 'EPIPE') error = `${e.code ?? ''} ${e.message}`;
    });
    socket.on('close', () => finish(false));
    socket.on('connect', async () => {
      for (let i = 0; i < ex.chunks.length; i++) {
        if (socket.destroyed) return;
        socket.write(Buffer.from(ex.chunks[i]!, 'latin1'));
        if (ex.delayMs && i < ex.chunks.length - 1) await new Promise((r) => setTimeout(r, ex.delayMs));
      }
      sent = true;
      idle();
    });
  });
}

/** Every whole HTTP/1.x response in `raw` (interim 1xx answers skipped). */
export function parseResponses(
  raw: string,
  methods: string[],
): { responses: WireResponse[]; trailing: string } {
  const responses: WireResponse[] = [];
  let rest = raw;
  let index = 0;
  while (rest.length > 0) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) break;
    const lines = rest.slice(0, end).split('\r\n');
    const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
    if (!m) break;
    const status = Number(m[1]);
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    let after = rest.slice(end + 4);
    if (status >= 100 && status < 200) {
      rest = after;
      continue;
    }
    const head = (methods[index] ?? methods[methods.length - 1]) === 'HEAD';
    let body = '';
    if (head || status === 204 || status === 304) {
      // no body
    } else if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
      const decoded = dechunk(after);
      if (!decoded) break;
      body = decoded.body;
      after = decoded.rest;
    } else if (headers['content-length'] !== undefined) {
      const n = Number(headers['content-length']);
      if (after.length < n) break;
      body = after.slice(0, n);
      after = after.slice(n);
    } else {
      body = after;
      after = '';
    }
    responses.push({ status, headers, body: Buffer.from(body, 'latin1').toString('utf8') });
    rest = after;
    index++;
  }
  return { responses, trailing: rest };
}

function dechunk(s: string): { body: string; rest: string } | null {
  let body = '';
  let rest = s;
  for (;;) {
    const nl = rest.indexOf('\r\n');
    if (nl < 0) return null;
    const size = parseInt(rest.slice(0, nl), 16);
    if (Number.isNaN(size)) return null;
    rest = rest.slice(nl + 2);
    if (size === 0) {
      const end = rest.indexOf('\r\n');
      return end < 0 ? null : { body, rest: rest.slice(end + 2) };
    }
    if (rest.length < size + 2) return null;
    body += rest.slice(0, size);
    rest = rest.slice(size + 2);
  }
}
