/**
 * The example web app (examples/web) in a real browser: its production build, served with
 * /graphql forwarded to a test API (trusted documents enforced, refresh cookie on) over a
 * database filled by `npm run db:seed`, driven in headless Chromium through puppeteer-core.
 *
 * One person's visit, step by step (each `it` continues where the previous one stopped):
 * sign in with a listed demo account, open a board and scroll to its second page, like a
 * post, write a comment, survive an expired access token, toggle a task, sign out. Every
 * request the page sends is recorded, so the test can tell which token each one carried and
 * that only trusted-document hashes were sent. Screenshots of each step are written to
 * test-results/web-example/ (gitignored) for a person to look at.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { HTTPRequest, Page } from 'puppeteer-core';
import { AccessTokens } from '../../src/auth/tokens';
import { Role, type Viewer } from '../../src/auth/viewer';
import { findChromium, launchChromium, NO_BROWSER, type TestBrowser } from '../helpers/browser';
import { unique } from '../helpers/factories';
import { post } from '../helpers/graphql';
import { run } from '../helpers/run';
import { query } from '../helpers/sql';
import { serveSite, type StaticSite } from '../helpers/static-site';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { testConfig } from '../helpers/test-config';
import { databaseUrl, ENV_ADMIN_URL, ENV_PREFIX, templateName } from '../setup/test-database';

const ROOT = path.resolve(__dirname, '..', '..');
const WEB = path.join(ROOT, 'examples', 'web');
const SEED = path.join(ROOT, 'dist', 'prisma', 'seed.js');
const SCREENSHOTS = path.join(ROOT, 'test-results', 'web-example');
const EXTRA_POSTS = 24; // with the seed's one post, 25 on the board: pages of 10, 10 and 5
const chromium = findChromium();
// Jest lists skipped tests only as a count: say why, once.
if (!chromium) process.stderr.write(`test/e2e/web-example.test.ts: browser steps skipped: ${NO_BROWSER}\n`);

/** One /graphql request as the browser sent it. */
interface Sent {
  operationName: string;
  variables: Record<string, unknown>;
  bearer: string | null;
  sentDocument: boolean;
  sentHash: boolean;
  status?: number;
}

describe('the example web app, compiled', () => {
  it("type-checks under the project's TypeScript (Vite itself only strips types)", async () => {
    const result = await run(path.join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', path.join(WEB, 'tsconfig.json')], { cwd: ROOT });

    expect({ code: result.code, output: result.stdout + result.stderr }).toEqual({ code: 0, output: '' });
  });
});

(chromium ? describe : describe.skip)(`the example web app in Chromium${chromium ? '' : ` (skipped: ${NO_BROWSER})`}`, () => {
  const adminUrl = process.env[ENV_ADMIN_URL]!;
  const database = unique('web').replace(/-/g, '_');
  const url = databaseUrl(adminUrl, database);
  let app: TestApp;
  let site: StaticSite;
  let browser: TestBrowser;
  let page: Page;
  let buildDir: string;
  const sent: Sent[] = [];
  const requestEntries = new Map<HTTPRequest, Sent>();
  /** Every Web Storage write of every page load (reported by the page as it happens). */
  const storageWrites: string[] = [];
  let apiUrl: string;
  /** While set, requests carrying this access token carry an expired copy of it instead. */
  let expireToken: { current: string; expired: string } | null = null;

  const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const since = (mark: number) => sent.slice(mark);
  const postsShown = (count: number) => `document.querySelectorAll('ol.posts > li').length === ${count}`;
  const texts = (selector: string) => page.$$eval(selector, (nodes) => nodes.map((node) => node.textContent?.trim() ?? ''));

  /** The session's current access token, as the last authenticated request carried it. */
  const currentToken = () => [...sent].reverse().find((request) => request.bearer)?.bearer ?? null;

  function record(request: HTTPRequest): void {
    if (!request.url().endsWith('/graphql') || request.method() !== 'POST') return void request.continue();
    const body = JSON.parse(request.postData() ?? '{}') as { operationName: string; variables?: Record<string, unknown>; query?: string; extensions?: { persistedQuery?: { sha256Hash?: string } } };
    const headers = request.headers();
    let bearer = headers.authorization?.replace(/^Bearer /, '') ?? null;
    if (expireToken && bearer === expireToken.current) {
      bearer = expireToken.expired;
      headers.authorization = `Bearer ${bearer}`;
    }
    const entry: Sent = { operationName: body.operationName, variables: body.variables ?? {}, bearer, sentDocument: body.query !== undefined, sentHash: Boolean(body.extensions?.persistedQuery?.sha256Hash) };
    sent.push(entry);
    requestEntries.set(request, entry);
    void request.continue({ headers });
  }

  /** A tab of the test's browser (tabs share cookies), every request and storage write recorded. */
  async function openTab(): Promise<Page> {
    const tab = await browser.browser.newPage();
    await tab.setViewport({ width: 1024, height: 768 });
    await tab.exposeFunction('reportStorageWrite', (write: string) => void storageWrites.push(write));
    // (Page code is passed as text: the project's TypeScript has no DOM types.)
    await tab.evaluateOnNewDocument(`{
      const setItem = Storage.prototype.setItem;
      Storage.prototype.setItem = function (key, value) {
        window.reportStorageWrite(key + '=' + value);
        return setItem.call(this, key, value);
      };
    }`);
    await tab.setRequestInterception(true);
    tab.on('request', record);
    tab.on('response', (response) => {
      const entry = requestEntries.get(response.request());
      if (entry) entry.status = response.status();
    });
    return tab;
  }

  beforeAll(async () => {
    if (!existsSync(SEED)) throw new Error('dist/prisma/seed.js is missing: run `npm test` (it builds first) or `npm run build`.');
    await rm(SCREENSHOTS, { recursive: true, force: true });
    await mkdir(SCREENSHOTS, { recursive: true });
    buildDir = await mkdtemp(path.join(os.tmpdir(), 'campus-web-'));

    // The production build (trusted-document hashes only) and the seeded API, side by side.
    const build = run(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--outDir', buildDir, '--emptyOutDir', '--logLevel', 'warn', '--sourcemap', 'false'], {
      cwd: WEB,
      // Jest runs with NODE_ENV=test, which would make Vite build in development mode.
      env: { ...process.env, NODE_ENV: 'production' },
    });
    // A copy of the migrated template every worker database starts from.
    await query(adminUrl, `CREATE DATABASE "${database}" TEMPLATE "${templateName(process.env[ENV_PREFIX]!)}"`);
    const seeded = await run(process.execPath, [SEED], { env: { PATH: process.env.PATH, DATABASE_URL: url, BCRYPT_COST: '4', LOG_LEVEL: 'warn' } });
    if (seeded.code !== 0) throw new Error(`the seed failed:\n${seeded.stderr}`);
    app = await createTestApp(testConfig({ DATABASE_URL: url, TRUSTED_DOCUMENTS: 'enforce', AUTH_REFRESH_COOKIE: 'true' }));
    const built = await build;
    if (built.code !== 0) throw new Error(`vite build failed:\n${built.stdout}${built.stderr}`);

    // More posts on minji's school's 자유게시판, by junho, so that it has three pages.
    const junho = await app.db.user.findUniqueOrThrow({ where: { usernameKey: 'junho' } });
    const board = await app.db.board.findFirstOrThrow({ where: { name: '자유게시판', schoolId: junho.schoolId! } });
    const viewer: Viewer = { id: junho.id, role: Role.USER, schoolId: junho.schoolId, emailVerified: true, timeZone: null, sessionId: '' };
    for (let i = 1; i <= EXTRA_POSTS; i++) await app.services.post.create(viewer, { boardId: board.id, title: `준호의 글 ${i}`, content: `브라우저 테스트용 글 ${i}번입니다.`, isAnonymous: false });

    apiUrl = await app.listen();
    site = await serveSite(buildDir, apiUrl);
    browser = await launchChromium(chromium!);
    page = await openTab();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await app?.stop();
    await query(adminUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    if (buildDir) await rm(buildDir, { recursive: true, force: true });
  });

  it('signs in with a demo account listed on the sign-in page', async () => {
    await page.goto(site.url);
    await page.waitForSelector('h1 ::-p-text(Sign in to Campus)');
    await shot('01-sign-in');

    await page.click('button ::-p-text(Use minji)');
    await page.click('button[type=submit]');
    await page.waitForSelector('h1 ::-p-text(한국대학교 boards)');
    await page.waitForSelector('ul.cards a');
    await shot('02-boards');

    expect(await texts('ul.cards a')).toEqual(expect.arrayContaining(['자유게시판', '비밀게시판', '정보게시판', '장터', '코딩 동아리']));
    expect(currentToken()).toEqual(expect.any(String));
    // The refresh token lives in an HttpOnly cookie, out of the page's reach.
    expect((await page.cookies(`${site.url}/graphql`)).map((cookie) => [cookie.name, cookie.httpOnly])).toContainEqual(['campus_refresh', true]);
    expect(await page.evaluate('document.cookie')).not.toContain('campus_refresh');
  });

  it('opens a board and loads its second page when scrolled to the end', async () => {
    await page.click('ul.cards a ::-p-text(자유게시판)');
    await page.waitForFunction(postsShown(10));
    const mark = sent.length;
    await shot('03-board');

    await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
    await page.waitForFunction(postsShown(20));
    await shot('04-board-second-page');

    const titles = await texts('ol.posts .post-title');
    expect(titles.slice(0, 2)).toEqual([`준호의 글 ${EXTRA_POSTS}`, `준호의 글 ${EXTRA_POSTS - 1}`]);
    expect(new Set(titles).size).toBe(20);
    expect(since(mark).filter((request) => request.operationName === 'Posts').map((request) => request.variables)).toEqual([expect.objectContaining({ first: 10, after: expect.any(String) })]);
  });

  it('likes a post', async () => {
    await page.click(`ol.posts a ::-p-text(준호의 글 ${EXTRA_POSTS})`);
    const like = await page.waitForSelector('button.like');
    expect(await like!.evaluate((button) => [button.getAttribute('aria-pressed'), button.textContent])).toEqual(['false', '♥ Like (0)']);

    await like!.click();
    await page.waitForSelector('button.like[aria-pressed=true]');
    await page.waitForFunction(`document.querySelector('button.like').textContent === '♥ Liked (1)' && !document.querySelector('button.like').disabled`);
    await shot('05-post-liked');

    const liked = await app.db.post.findFirstOrThrow({ where: { title: `준호의 글 ${EXTRA_POSTS}` }, select: { likeCount: true } });
    expect(liked.likeCount).toBe(1);
  });

  it('writes an anonymous comment and shows it under the name the API gives', async () => {
    const text = `브라우저에서 쓴 댓글 ${unique('c')}`;
    await page.type('#new-comment', text);
    await page.click('form.comment-form label.inline input[type=checkbox]');
    await page.click('form.comment-form button[type=submit]');
    await page.waitForSelector(`ol.comments ::-p-text(${text})`);
    await shot('06-comment-written');

    const comments = await page.$$eval('ol.comments > li .comment', (nodes) => nodes.map((node) => [node.querySelector('strong')?.textContent, node.querySelector('.content')?.textContent]));
    expect(comments).toEqual([['익명1', text]]);
    expect(await page.$eval('#comments-heading', (heading) => heading.textContent)).toBe('Comments (1)');
  });

  it('writes a post, and a resubmission after a lost answer returns that post instead of a second one', async () => {
    const title = `브라우저에서 쓴 글 ${unique('p')}`;
    await page.click('p.breadcrumb a');
    await page.waitForSelector('details.compose');
    await page.click('details.compose summary');
    await page.type('input[name=title]', title);
    await page.type('textarea[name=content]', '재시도해도 한 번만 올라가야 합니다.');
    const mark = sent.length;

    // The server stores the post, but its answer is lost on the way back.
    site.loseNextAnswer((body) => body.includes('"CreatePost"'));
    await page.click('details.compose button[type=submit]');
    await page.waitForSelector('details.compose [role=alert]');
    await shot('07-post-answer-lost');
    await page.click('details.compose button[type=submit]');
    await page.waitForSelector(`h1 ::-p-text(${title})`);
    await shot('08-post-written');

    const creates = since(mark).filter((request) => request.operationName === 'CreatePost');
    const keys = creates.map((request) => (request.variables.input as { idempotencyKey?: string }).idempotencyKey);
    expect(keys).toEqual([expect.any(String), keys[0]]);
    expect(await app.db.post.count({ where: { title } })).toBe(1);
  });

  it('refreshes an expired access token once for all the requests it failed, and retries them', async () => {
    const token = currentToken()!;
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { sub: string; sid: string; role: Role };
    const expired = new AccessTokens(app.config.auth).sign({ userId: claims.sub, sessionId: claims.sid, role: claims.role }, new Date(Date.now() - 3600_000)).token;
    expireToken = { current: token, expired };
    const mark = sent.length;

    // The projects screen sends three queries at once: each fails with the expired token.
    await page.click('nav a ::-p-text(Projects)');
    await page.waitForSelector('ul.cards ::-p-text(졸업 프로젝트)');
    // Seeded: one task due today and one overdue, whatever the hour (see prisma/seed.ts).
    await page.waitForSelector('section[aria-labelledby=tasks-due-today] ul.tasks li');
    await page.waitForSelector('section[aria-labelledby=tasks-overdue] ul.tasks li');
    await shot('09-projects-after-refresh');
    expireToken = null;

    const requests = since(mark);
    const refreshes = requests.filter((request) => request.operationName === 'Refresh');
    expect(refreshes).toHaveLength(1);
    const afterRefresh = requests.indexOf(refreshes[0]);
    const before = requests.slice(0, afterRefresh);
    const after = requests.slice(afterRefresh + 1);
    expect(before.map((request) => [request.operationName, request.bearer, request.status]).sort()).toEqual([
      ['Projects', expired, 401],
      ['Tasks', expired, 401],
      ['Tasks', expired, 401],
    ]);
    const fresh = after[0]?.bearer;
    expect(fresh).not.toBe(token);
    expect(after.map((request) => [request.operationName, request.bearer, request.status]).sort()).toEqual([
      ['Projects', fresh, 200],
      ['Tasks', fresh, 200],
      ['Tasks', fresh, 200],
    ]);
  });

  it("toggles one of today's tasks done", async () => {
    const today = await page.waitForSelector('section[aria-labelledby=tasks-due-today] ul.tasks input[type=checkbox]');
    const title = await today!.evaluate((box) => box.closest('label')?.textContent?.trim());

    await today!.click();
    await page.waitForSelector('section[aria-labelledby=tasks-due-today] ul.tasks li.done input:checked');
    await shot('10-task-done');

    expect(await app.db.task.findFirstOrThrow({ where: { title: title! }, select: { done: true } })).toEqual({ done: true });
  });

  it('resumes the session from the refresh cookie after a reload', async () => {
    const mark = sent.length;

    await page.reload();
    await page.waitForSelector('h1 ::-p-text(My projects)');

    expect(since(mark).map((request) => [request.operationName, request.status])[0]).toEqual(['Refresh', 200]);
    expect(since(mark).filter((request) => request.operationName === 'Refresh')).toHaveLength(1);
  });

  it('signs every tab out when one signs out everywhere', async () => {
    const token = currentToken()!;
    const other = await openTab();
    await other.goto(`${site.url}/`);
    await other.waitForSelector('h1 ::-p-text(한국대학교 boards)');

    await other.click('::-p-aria([name="Sign out everywhere"][role="button"])');
    await other.waitForSelector('h1 ::-p-text(Sign in to Campus)');
    const notice = await page.waitForSelector('::-p-text(You signed out in another tab.)');
    expect(await notice!.evaluate((node) => node.getAttribute('role'))).toBe('status');
    await other.close();
    await page.bringToFront(); // a background tab's screenshot never completes
    await shot('11-signed-out-everywhere');

    expect((await post(apiUrl, '{ me { id } }', {}, { authorization: `Bearer ${token}` })).status).toBe(401);
    expect((await page.cookies(`${site.url}/graphql`)).map((cookie) => cookie.name)).not.toContain('campus_refresh');
  });

  it('signs in by typing, then signs out of this session: it ends on the server, and a reload shows the sign-in page', async () => {
    await page.type('input[name=login]', 'minji');
    await page.type('input[name=password]', 'campus-demo-1234');
    await page.keyboard.press('Enter');
    await page.waitForSelector('h1 ::-p-text(My projects)');
    const token = currentToken()!;

    await page.click('::-p-aria([name="Sign out"][role="button"])');
    await page.waitForSelector('h1 ::-p-text(Sign in to Campus)');
    await page.reload();
    await page.waitForSelector('h1 ::-p-text(Sign in to Campus)');
    await shot('12-signed-out');

    expect((await page.cookies(`${site.url}/graphql`)).map((cookie) => cookie.name)).not.toContain('campus_refresh');
    expect((await post(apiUrl, '{ me { id } }', {}, { authorization: `Bearer ${token}` })).status).toBe(401);
  });

  it('never stored an access token in Web Storage and sent only trusted-document hashes', async () => {
    const tokens = new Set(sent.map((request) => request.bearer).filter((bearer): bearer is string => bearer !== null));
    const storage = [...storageWrites, await page.evaluate('JSON.stringify({ ...localStorage, ...sessionStorage })')].join('\n');

    expect(tokens.size).toBeGreaterThanOrEqual(4);
    expect([...tokens].filter((token) => storage.includes(token))).toEqual([]);
    expect(sent.filter((request) => request.sentDocument || !request.sentHash).map((request) => request.operationName)).toEqual([]);
  });
});
