import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** Serves a fetch-style handler over node:http. Resolves once listening. */
export async function listen(
  handler: (req: Request) => Promise<Response>,
  opts: { port: number; host?: string },
): Promise<{ server: Server; url: string }> {
  const host = opts.host ?? '127.0.0.1';
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? host}`);
    handler(new Request(url, { method: req.method ?? 'GET' }))
      .then(async (response) => {
        const headers: Record<string, string> = {};
        response.headers.forEach((value, key) => {
          headers[key] = value;
        });
        res.writeHead(response.status, headers);
        res.end(response.body ? Buffer.from(await response.arrayBuffer()) : undefined);
      })
      .catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`Internal error: ${err instanceof Error ? err.message : String(err)}`);
      });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port, host, () => ok());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return { server, url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}/` };
}
