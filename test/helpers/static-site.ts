/**
 * A built single-page app served as production would: its files from one folder, any other
 * path answered with index.html (client-side routes), and /graphql forwarded to the API on
 * the same origin (the reverse proxy of a deployment). Cookies and headers pass through
 * unchanged.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
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
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://site');
    if (url.pathname === '/graphql') {
      const upstream = http.request(
        { host: api.hostname, port: api.port, method: request.method, path: request.url, headers: { ...request.headers, host: api.host } },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      upstream.on('error', () => response.writeHead(502).end());
      request.pipe(upstream);
      return;
    }
    void fileFor(root, url.pathname).then((file) => {
      response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      createReadStream(file).pipe(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
