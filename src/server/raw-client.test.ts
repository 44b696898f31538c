/** A raw HTTP/1 client for tests: sends any bytes at all and reads back whatever comes. */
import { connect } from 'node:net';

/** What came back on a raw connection: the bytes, and whether the server closed it. */
export interface RawReply {
  text: string;
  status: number | undefined;
  closed: boolean;
}

export const statusOf = (text: string) => {
  const m = /^HTTP\/1\.[01] (\d{3}) /.exec(text);
  return m ? Number(m[1]) : undefined;
};

/**
 * Sends `data` on a new connection and collects the reply until the server closes the connection;
 * gives up after `waitMs` (default 5 s) with what it has.
 */
export function raw(port: number, data: string | Buffer, opts: { waitMs?: number } = {}): Promise<RawReply> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.write(data));
    const done = (closed: boolean) => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      socket.destroy();
      ok({ text, status: statusOf(text), closed });
    };
    const timer = setTimeout(() => done(false), opts.waitMs ?? 5000);
    socket.on('data', (d) => chunks.push(d));
    socket.on('close', () => done(true));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      // The server may reset a connection it refused while the client was still writing.
      if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') fail(err);
    });
  });
}
