/**
 * A built single-page app served as production would: its files from one folder, any other
 * path answered with index.html (client-side routes), and /graphql forwarded to the API on
 * the same origin (the reverse proxy of a deployment), WebSocket upgrades (subscriptions)
 * included. Cookies and headers pass through unchanged.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

export interface StaticSite {
  url: string;
  /**
   * The next /graphql request whose body matches is forwarded and answered by the API, but
   * the browser gets 504 Gateway Timeout instead of the answer: a proxy that gave up waiting.
   * (Cutting the connection would not do: Chromium silently resends a request whose reused
   * connection closed before any response byte.)
   */
  loseNextAnswer(matches: (body: string) => boolean): void;
  /**
   * Ends every forwarded WebSocket as the API ends one (a close frame with `code`, e.g. 4403
   * at an access token's expiry), without the API knowing why: its side is simply cut.
   */
  closeSockets(code: number, reason: string): void;
  close(): Promise<void>;
}

async function fileFor(root: string, urlPath: string): Promise<string> {
  const candidate = path.resolve(root, `.${decodeURIComponent(urlPath)}`);
  if (candidate.startsWith(root + path.sep)) {
    const info = await stat(candidate).catch(() => null);
    if (info?.isFile()) return candidate;
  }
  return path.join(root, 'index.html');
}

export async function serveSite(root: string, apiUrl: string): Promise<StaticSite> {
  const api = new URL(apiUrl);
  // Its own agent, destroyed on close: pooled keep-alive sockets would outlive the test.
  const agent = new http.Agent({ keepAlive: true });
  let loseAnswer: ((body: string) => boolean) | null = null;
  const forward = (request: http.IncomingMessage, response: http.ServerResponse, body: Buffer) => {
    const lose = loseAnswer?.(body.toString('utf8')) ?? false;
    if (lose) loseAnswer = null;
    const upstream = http.request(
      { agent, host: api.hostname, port: api.port, method: request.method, path: request.url, headers: { ...request.headers, host: api.host } },
      (answer) => {
        if (lose) {
          answer.resume();
          answer.on('end', () => response.writeHead(504, { 'content-type': 'text/plain' }).end('Gateway Timeout'));
          return;
        }
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.writeHead(502).end());
    upstream.end(body);
  };
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://site');
    if (url.pathname === '/graphql') {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => forward(request, response, Buffer.concat(chunks)));
      return;
    }
    void fileFor(root, url.pathname).then((file) => {
      response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      createReadStream(file).pipe(response);
    });
  });
  // A WebSocket upgrade of /graphql: the API answers the handshake, then bytes flow both ways.
  const tunnels = new Set<Socket>();
  const browserSides = new Map<Socket, Socket>();
  server.on('upgrade', (request: http.IncomingMessage, client: Socket, head: Buffer) => {
    if (new URL(request.url ?? '/', 'http://site').pathname !== '/graphql') return void client.destroy();
    const upstream = http.request({ host: api.hostname, port: api.port, method: request.method, path: request.url, headers: { ...request.headers, host: api.host } });
    upstream.on('upgrade', (answer, socket, upstreamHead) => {
      const lines = [`HTTP/1.1 101 ${answer.statusMessage ?? 'Switching Protocols'}`];
      for (let i = 0; i < answer.rawHeaders.length; i += 2) lines.push(`${answer.rawHeaders[i]}: ${answer.rawHeaders[i + 1]}`);
      client.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (upstreamHead.length > 0) client.write(upstreamHead);
      if (head.length > 0) socket.write(head);
      for (const end of [client, socket]) {
        tunnels.add(end);
        end.on('close', () => tunnels.delete(end));
        end.on('error', () => undefined);
      }
      socket.pipe(client).pipe(socket);
      browserSides.set(client, socket);
      client.on('close', () => (browserSides.delete(client), socket.destroy()));
      socket.on('close', () => client.destroy());
    });
    // Refused (403 origin, 503 draining): the answer goes back as it is.
    upstream.on('response', (answer) => {
      client.end(`HTTP/1.1 ${answer.statusCode} ${answer.statusMessage ?? ''}\r\nconnection: close\r\n\r\n`);
      answer.resume();
    });
    upstream.on('error', () => client.destroy());
    upstream.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    loseNextAnswer(matches) {
      loseAnswer = matches;
    },
    closeSockets(code, reason) {
      // An unmasked close frame (server to client): FIN + opcode 8, the code, the reason.
      const payload = Buffer.concat([Buffer.from([code >> 8, code & 0xff]), Buffer.from(reason, 'utf8')]);
      const frame = Buffer.concat([Buffer.from([0x88, payload.length]), payload]);
      for (const [client, upstream] of browserSides) {
        upstream.unpipe(client);
        upstream.destroy();
        client.end(frame);
      }
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        for (const socket of tunnels) socket.destroy();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}
