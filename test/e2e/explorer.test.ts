/**
 * The explorers a newcomer opens, and `GET /`:
 * - GraphiQL at /graphiql is served entirely by this server (no CDN): checked over HTTP and
 *   in a real headless browser (Debian's chromium, through test/helpers/browser.ts) that
 *   blocks every request leaving this server, where it renders and runs `{ schools { id } }`.
 *   Skipped with one line where Chromium is not installed.
 * - Apollo Sandbox's offline fallback links to it; both start with the same examples.
 * - In production (GRAPHQL_SANDBOX off) there is no explorer; `/` still answers its page.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EXPLORER_DOCUMENT } from '../../src/http/explorer-examples';
import { findChromium, launchChromium, NO_BROWSER, type TestBrowser } from '../helpers/browser';
import { signUp } from '../helpers/accounts';
import { createSchool } from '../helpers/factories';
import { post } from '../helpers/graphql';
import { testConfig } from '../helpers/test-config';
import { createTestApp, type TestApp } from '../helpers/test-app';

/** What the functions run in the page (page.evaluate) use of the DOM; the project's lib has no DOM types. */
interface PageElement {
  innerText: string;
  CodeMirror?: { getValue(): string; setValue(value: string): void };
}
declare const document: { querySelector(selector: string): PageElement | null };

let app: TestApp;
let baseUrl: string;
beforeAll(async () => {
  app = await createTestApp(testConfig({ NODE_ENV: 'development' }));
  baseUrl = await app.listen();
});
afterAll(() => app.stop());

describe('GET /', () => {
  it('answers a small page linking the endpoint, the explorers and /health', async () => {
    const response = await fetch(`${baseUrl}/`);
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    for (const href of ['/graphql', '/graphiql', '/health']) expect(html).toContain(`href="${href}"`);
    expect((await fetch(`${baseUrl}/favicon.ico`)).status).toBe(204);
  });
});

describe('GraphiQL over HTTP', () => {
  it('serves its page and every file it loads from this server, with a CSP that allows nothing else', async () => {
    const page = await fetch(`${baseUrl}/graphiql`);
    const html = await page.text();
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);

    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self';");
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
    expect(sources.length).toBeGreaterThanOrEqual(5);
    for (const source of sources) {
      expect(source.startsWith('/graphiql/')).toBe(true);
      const file = await fetch(`${baseUrl}${source}`);
      expect({ source, status: file.status }).toEqual({ source, status: 200 });
      expect((await file.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }
    expect((await fetch(`${baseUrl}/graphiql/vendor/..%2Fpackage.json`)).status).toBe(404);
  });

  it('starts with the same document and demo variables as Sandbox', async () => {
    const app_js = await (await fetch(`${baseUrl}/graphiql/app.js`)).text();

    expect(app_js).toContain(JSON.stringify(EXPLORER_DOCUMENT));
    expect(app_js).toContain('\\"login\\": \\"minji\\"');
  });
});

describe('Apollo Sandbox', () => {
  it('links to GraphiQL in the message it shows when it cannot load (offline)', async () => {
    const html = await (await fetch(`${baseUrl}/graphql`, { headers: { accept: 'text/html' } })).text();

    expect(html).toMatch(/Apollo Sandbox cannot be loaded; it appears that you might be offline\.<\/p>\s*<p>Offline\? Use <a href="\/graphiql">GraphiQL<\/a>/);
  });
});

describe('in production', () => {
  let production: TestApp;
  let productionUrl: string;
  beforeAll(async () => {
    production = await createTestApp(testConfig({ NODE_ENV: 'production', BCRYPT_COST: '10' }));
    productionUrl = await production.listen();
  });
  afterAll(() => production.stop());

  it('serves no explorer, and / links only the endpoint and the health checks', async () => {
    const home = await (await fetch(`${productionUrl}/`)).text();

    expect((await fetch(`${productionUrl}/graphiql`)).status).toBe(404);
    expect((await fetch(`${productionUrl}/graphiql/vendor/graphiql.js`)).status).toBe(404);
    expect(home).not.toContain('/graphiql');
    expect(home).toContain('href="/health"');
  });
});

const chromium = findChromium();
if (!chromium) process.stderr.write(`test/e2e/explorer.test.ts: GraphiQL browser test skipped: ${NO_BROWSER}\n`);

(chromium ? describe : describe.skip)('GraphiQL in a headless browser, offline', () => {
  let browser: TestBrowser;
  beforeAll(async () => {
    browser = await launchChromium(chromium!);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('renders, and runs { schools { id } } against this server', async () => {
    const school = await createSchool(app.db);
    const page = await browser.browser.newPage();
    const outside: string[] = [];
    const problems: string[] = [];
    // Offline: anything not served by this server fails, and is recorded.
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      // data: URLs (GraphiQL's fonts and icons) are inside the page, not the network.
      if (request.url().startsWith(baseUrl) || request.url().startsWith('data:')) return void request.continue();
      outside.push(request.url());
      return void request.abort();
    });
    page.on('pageerror', (error) => problems.push(`page error: ${String(error)}`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
    });
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });

    const editorText = () => page.evaluate(() => document.querySelector('.graphiql-query-editor .CodeMirror')?.CodeMirror?.getValue() ?? '');
    await page.goto(`${baseUrl}/graphiql`);
    await page.waitForSelector('.graphiql-query-editor .CodeMirror', { timeout: 45_000 });
    const starter = await editorText();
    // A link can carry the document to run (typing into the editor is debounced by GraphiQL).
    await page.goto(`${baseUrl}/graphiql?query=${encodeURIComponent('{ schools { id } }')}`);
    await page.waitForSelector('.graphiql-query-editor .CodeMirror', { timeout: 45_000 });
    const opened = await editorText();
    let result = '';
    for (let attempt = 0; attempt < 3 && !result.includes('"schools"'); attempt++) {
      await page.click('.graphiql-execute-button');
      result = await page
        .waitForFunction(() => (document.querySelector('.result-window')?.innerText ?? '').includes('"schools"'), { timeout: 15_000 })
        // The whole answer from the result editor (its visible text holds only the lines on screen).
        .then(() => page.evaluate(() => document.querySelector('.result-window .CodeMirror')?.CodeMirror?.getValue() ?? document.querySelector('.result-window')?.innerText ?? ''))
        .catch(() => '');
    }
    await page.close();

    expect(starter).toContain('query Schools {');
    expect(opened).toBe('{ schools { id } }');
    expect(result).toContain(school.id);
    expect(outside).toEqual([]);
    expect(problems).toEqual([]);
  }, 150_000);

  it('runs a subscription over graphql-ws, signed in with the headers editor, and shows its events', async () => {
    const [reader, sender] = [await signUp(app), await signUp(app, { nickname: 'Sender' })];
    const page = await browser.browser.newPage();
    const operation = 'subscription Inbox { messageReceived { content senderName } }';
    const headers = JSON.stringify({ Authorization: `Bearer ${reader.accessToken}` });
    await page.goto(`${baseUrl}/graphiql?query=${encodeURIComponent(operation)}&headers=${encodeURIComponent(headers)}`);
    await page.waitForSelector('.graphiql-query-editor .CodeMirror', { timeout: 45_000 });
    const resultText = () => page.evaluate(() => document.querySelector('.result-window .CodeMirror')?.CodeMirror?.getValue() ?? '');

    let shown = '';
    for (let attempt = 0; attempt < 3 && !shown.includes('hello explorer'); attempt++) {
      if (attempt === 0) await page.click('.graphiql-execute-button');
      // The socket opens on subscribe; send until an event shows (the first may precede the subscription).
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const sent = await post(baseUrl, 'mutation($input: SendMessageInput!) { sendMessage(input: $input) { id } }', { input: { recipientId: reader.id, content: 'hello explorer' } }, { authorization: `Bearer ${sender.accessToken}` });
      expect(sent.errors).toBeUndefined();
      shown = await page
        .waitForFunction(() => (document.querySelector('.result-window .CodeMirror')?.CodeMirror?.getValue() ?? '').includes('hello explorer'), { timeout: 10_000 })
        .then(resultText)
        .catch(resultText);
    }
    await page.close();

    expect(shown).toContain('"senderName": "Sender"');
    expect(shown).toContain('"content": "hello explorer"');
  }, 120_000);
});
