/**
 * HTTP-level controls: security headers (with the Sandbox page still loadable in development),
 * header and request timeouts against slow clients, and the body size limit.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import net from 'node:net';
import { post } from '../helpers/graphql';
import { testConfig } from '../helpers/test-config';
import { createTestApp, type TestApp } from '../helpers/test-app';

/** Directive name → its sources, from a Content-Security-Policy header. */
function parseCsp(header: string | null): Map<string, string[]> {
  return new Map(
    (header ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...sources]) => [name, sources] as [string, string[]]),
  );
}

describe('security headers in production', () => {
  let app: TestApp;
  let baseUrl: string;
  beforeAll(async () => {
    app = await createTestApp(testConfig({ NODE_ENV: 'production', BCRYPT_COST: '10' }));
    baseUrl = await app.listen();
  });
  afterAll(() => app.stop());

  it('are on GraphQL answers, refusals and health checks alike', async () => {
    const responses = [
      (await post(baseUrl, '{ __typename }')).headers,
      (await post(baseUrl, '{ nope }')).headers,
      (await fetch(`${baseUrl}/health`)).headers,
    ];

    for (const headers of responses) {
      expect({
        csp: headers.get('content-security-policy'),
        hsts: headers.get('strict-transport-security'),
        nosniff: headers.get('x-content-type-options'),
        frame: headers.get('x-frame-options'),
        referrer: headers.get('referrer-policy'),
        opener: headers.get('cross-origin-opener-policy'),
        resource: headers.get('cross-origin-resource-policy'),
        poweredBy: headers.get('x-powered-by'),
      }).toEqual({
        csp: "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'",
        hsts: expect.stringMatching(/^max-age=\d{7,}; includeSubDomains$/),
        nosniff: 'nosniff',
        frame: 'SAMEORIGIN',
        referrer: 'no-referrer',
        opener: 'same-origin',
        resource: 'same-origin',
        poweredBy: null,
      });
    }
  });
});

describe('Apollo Sandbox in development', () => {
  let app: TestApp;
  let baseUrl: string;
  beforeAll(async () => {
    app = await createTestApp(testConfig({ NODE_ENV: 'development' }));
    baseUrl = await app.listen();
  });
  afterAll(() => app.stop());

  it('is served with a policy that allows exactly what the page loads: its nonce and Apollo’s CDN', async () => {
    const response = await fetch(`${baseUrl}/graphql`, { headers: { accept: 'text/html' } });
    const html = await response.text();
    const csp = parseCsp(response.headers.get('content-security-policy'));

    expect(response.status).toBe(200);
    expect(html).toContain('embeddable-sandbox');
    const nonces = new Set([...html.matchAll(/nonce="?([0-9a-f]+)/g)].map((m) => m[1]));
    expect(nonces.size).toBe(1);
    const nonce = `'nonce-${[...nonces][0]}'`;
    const origin = (url: string) => new URL(url).origin;
    const scripts = [...html.matchAll(/<script nonce="[^"]+" src="([^"]+)"/g)].map((m) => origin(m[1]));
    const styles = [...html.matchAll(/<link\s+href="([^"]+)"\s+rel="stylesheet"/g)].map((m) => origin(m[1]));
    expect(scripts).toEqual(['https://embeddable-sandbox.cdn.apollographql.com']);
    expect(styles).toEqual(['https://fonts.googleapis.com']);
    for (const source of [nonce, ...scripts]) expect(csp.get('script-src')).toContain(source);
    for (const source of [nonce, ...styles]) expect(csp.get('style-src')).toContain(source);
    expect(csp.get('frame-src')).toContain('https://sandbox.embed.apollographql.com');
    expect(csp.get('font-src')).toEqual(['https://fonts.gstatic.com']);
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('leaves the API’s own strict policy on GraphQL answers', async () => {
    const response = await post(baseUrl, '{ __typename }');

    expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'none';/);
  });
});

describe('slow clients and large bodies', () => {
  let app: TestApp;
  let port: number;
  let baseUrl: string;
  beforeAll(async () => {
    app = await createTestApp(testConfig({ HTTP_HEADERS_TIMEOUT_MS: '500', HTTP_REQUEST_TIMEOUT_MS: '1000' }));
    baseUrl = await app.listen();
    port = Number(new URL(baseUrl).port);
  });
  afterAll(() => app.stop());

  /** Sends `head` at once, then one byte of `drip` every 100 ms; resolves when the server closes the socket. */
  function dribble(head: string, drip: string): Promise<{ elapsedMs: number; answer: string }> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const socket = net.connect(port, '127.0.0.1');
      let answer = '';
      let sent = 0;
      const timer = setInterval(() => {
        if (sent < drip.length && socket.writable) socket.write(drip[sent++]);
      }, 100);
      const guard = setTimeout(() => {
        socket.destroy();
        reject(new Error('the server kept a slow client for 5 s'));
      }, 5000);
      socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearInterval(timer);
        clearTimeout(guard);
        resolve({ elapsedMs: Date.now() - started, answer });
      });
      socket.write(head);
    });
  }

  it('cuts a client that sends its headers too slowly (slowloris) after the headers timeout', async () => {
    const { elapsedMs, answer } = await dribble('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X-Slow: ' + 'a'.repeat(100));

    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(elapsedMs).toBeLessThan(2500);
  });

  it('cuts a client that sends its body too slowly after the request timeout', async () => {
    const body = JSON.stringify({ query: `{ __typename } #${'x'.repeat(100)}` });
    const head = `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;

    const { elapsedMs, answer } = await dribble(head, body);

    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(elapsedMs).toBeLessThan(3000);
  });

  it('answers a 200 kB body with 413 and no details', async () => {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(200 * 1024) } }),
    });
    const text = await response.text();

    expect(response.status).toBe(413);
    expect(text).not.toMatch(/stack|node_modules|at \//);
  });
});
