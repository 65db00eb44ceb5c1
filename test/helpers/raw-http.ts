/**
 * Raw bytes on one connection, for what an HTTP client library will not send: pipelined requests,
 * Upgrade requests on other paths, targets that are no URL.
 */
import { connect } from 'node:net';

/**
 * Writes `bytes` on a new connection to 127.0.0.1:`port` and resolves with everything that came back
 * once the server ended the connection, or as soon as `done(got)` holds (a keep-alive connection the
 * server leaves open). A connection error or 5 s of silence fails it.
 */
export function exchangeRaw(
  port: number,
  bytes: string,
  done: (got: string) => boolean = () => false,
): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let got = '';
    socket.on('data', (d: Buffer) => {
      got += d.toString();
      if (done(got)) {
        socket.destroy();
        resolve(got);
      }
    });
    socket.on('end', () => resolve(got));
    socket.on('error', reject);
    socket.setTimeout(5_000, () => {
      socket.destroy();
      reject(new Error(`no more answers after: ${got}`));
    });
  });
}
