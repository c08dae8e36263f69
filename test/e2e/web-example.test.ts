/**
 * The example web app (examples/web) in a real browser: its production build, served with
 * /graphql forwarded to a test API (trusted documents enforced, refresh cookie on) over a
 * database filled by `npm run db:seed`, driven in headless Chromium through puppeteer-core.
 *
 * One person's visit, step by step (each `it` continues where the previous one stopped):
 * sign in with a listed demo account, open a board and scroll to its second page, like a
 * post, write a comment, see another person's comment appear, write a post with an image, see
 * the notification badge rise, exchange messages live, survive an expired access token,
 * toggle a task, sign out. The other person (junho) acts through the API's services, whose
 * events reach the page over its WebSocket. Every request the page sends is recorded, and
 * every WebSocket frame it sends, so the test can tell which token each one carried and that
 * only trusted-document hashes were sent. Screenshots of each step are written to
 * test-results/web-example/ (gitignored) for a person to look at.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { print } from 'graphql';
import type { HTTPRequest, Page } from 'puppeteer-core';
import { MeDocument } from '../../client/generated/gql/graphql';
import { AccessTokens } from '../../src/auth/tokens';
import { Role, type Viewer } from '../../src/auth/viewer';
import type { Topic } from '../../src/realtime/topics';
import { findChromium, launchChromium, NO_BROWSER, type TestBrowser } from '../helpers/browser';
import { unique } from '../helpers/factories';
import { post } from '../helpers/graphql';
import { pngBytes } from '../helpers/media';
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

/** A graphql-transport-ws message the page sent over its socket. */
interface Frame {
  type: string;
  payload?: { authorization?: string; query?: string; operationName?: string; extensions?: { persistedQuery?: { sha256Hash?: string } } };
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
  /** Every WebSocket message of every tab, as sent. */
  const frames: Frame[] = [];
  let apiUrl: string;
  /** The other person: junho, of minji's school, acting through the services. */
  let junho: Viewer;
  let junhoPost: { id: string; title: string };
  /** While set, requests carrying this access token carry an expired copy of it instead. */
  let expireToken: { current: string; expired: string } | null = null;

  const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const since = (mark: number) => sent.slice(mark);
  const postsShown = (count: number) => `document.querySelectorAll('ol.posts > li').length === ${count}`;
  const texts = (selector: string) => page.$$eval(selector, (nodes) => nodes.map((node) => node.textContent?.trim() ?? ''));

  /** Waits for the page to have sent a matching WebSocket message. */
  async function waitForFrame(matches: (frame: Frame) => boolean): Promise<Frame> {
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 25))) {
      const frame = frames.find(matches);
      if (frame) return frame;
    }
    throw new Error('the page sent no such WebSocket message');
  }
  /**
   * Waits until the API has registered `count` subscriptions to `topic` (the page's
   * `subscribe` reached it), so that an event sent now reaches the page. (The event bus keeps
   * one listener per subscription; its emitter is private, hence the cast.)
   */
  async function listening(topic: Topic, count: number): Promise<void> {
    const bus = app.events as unknown as { local: EventEmitter };
    for (const deadline = Date.now() + 10_000; bus.local.listenerCount(topic) < count; await new Promise((resolve) => setTimeout(resolve, 25))) {
      if (Date.now() > deadline) throw new Error(`no subscription to ${topic} reached the API`);
    }
  }
  const badge = () => page.$eval('nav a[href="/notifications"]', (link) => link.querySelector('.badge')?.textContent ?? null);

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
    // Request interception does not see WebSocket messages; the DevTools protocol does.
    const devtools = await tab.createCDPSession();
    await devtools.send('Network.enable');
    devtools.on('Network.webSocketFrameSent', (event) => void frames.push(JSON.parse(event.response.payloadData) as Frame));
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
    const junhoRow = await app.db.user.findUniqueOrThrow({ where: { usernameKey: 'junho' } });
    const board = await app.db.board.findFirstOrThrow({ where: { name: '자유게시판', schoolId: junhoRow.schoolId! } });
    junho = { id: junhoRow.id, role: Role.USER, schoolId: junhoRow.schoolId, emailVerified: true, timeZone: null, sessionId: '' };
    for (let i = 1; i <= EXTRA_POSTS; i++) await app.services.post.create(junho, { boardId: board.id, title: `준호의 글 ${i}`, content: `브라우저 테스트용 글 ${i}번입니다.`, isAnonymous: false });

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
    junhoPost = await app.db.post.findFirstOrThrow({ where: { title: `준호의 글 ${EXTRA_POSTS}` }, select: { id: true, title: true } });
    const like = await page.waitForSelector('button.like');
    expect(await like!.evaluate((button) => [button.getAttribute('aria-pressed'), button.textContent])).toEqual(['false', '♥ Like (0)']);

    await like!.click();
    await page.waitForSelector('button.like[aria-pressed=true]');
    await page.waitForFunction(`document.querySelector('button.like').textContent === '♥ Liked (1)' && !document.querySelector('button.like').disabled`);
    await shot('05-post-liked');

    const liked = await app.db.post.findFirstOrThrow({ where: { title: `준호의 글 ${EXTRA_POSTS}` }, select: { likeCount: true } });
    expect(liked.likeCount).toBe(1);
  });

  it('writes an anonymous comment and shows it under the name the API gives; a resubmission after a lost answer adds no second one', async () => {
    const text = `브라우저에서 쓴 댓글 ${unique('c')}`;
    await page.type('#new-comment', text);
    await page.click('form.comment-form label.inline input[type=checkbox]');
    const mark = sent.length;
    site.loseNextAnswer((body) => body.includes('"CreateComment"'));
    await page.click('form.comment-form button[type=submit]');
    await page.waitForSelector('form.comment-form [role=alert]');
    await page.click('form.comment-form button[type=submit]');
    await page.waitForFunction(`!document.querySelector('form.comment-form [role=alert]') && document.querySelector('#new-comment').value === ''`);
    await page.waitForSelector(`ol.comments ::-p-text(${text})`);
    await shot('06-comment-written');

    const keys = since(mark)
      .filter((request) => request.operationName === 'CreateComment')
      .map((request) => (request.variables.input as { idempotencyKey?: string }).idempotencyKey);
    expect(keys).toEqual([expect.any(String), keys[0]]);
    const comments = await page.$$eval('ol.comments > li .comment', (nodes) => nodes.map((node) => [node.querySelector('strong')?.textContent, node.querySelector('.content')?.textContent]));
    expect(comments).toEqual([['익명1', text]]);
    expect(await page.$eval('#comments-heading', (heading) => heading.textContent)).toBe('Comments (1)');
  });

  it("shows another person's comment as it is written, without a reload", async () => {
    const text = `준호가 방금 쓴 댓글 ${unique('c')}`;
    const mark = sent.length;
    // The page subscribed to this post's comments over its socket (by trusted hash).
    await waitForFrame((frame) => frame.type === 'subscribe' && frame.payload?.operationName === 'CommentAdded');
    await listening('comment.added', 1);

    await app.services.comment.create(junho, { postId: junhoPost.id, content: text, isAnonymous: false });
    await page.waitForSelector(`ol.comments ::-p-text(${text})`);
    await page.waitForFunction(`document.querySelector('#comments-heading').textContent === 'Comments (2)'`);
    await shot('06b-comment-arrived');

    // The comments were read again (one request), not the page.
    expect(since(mark).map((request) => request.operationName)).toEqual(['Post']);
    const comments = await page.$$eval('ol.comments > li .comment strong', (nodes) => nodes.map((node) => node.textContent));
    expect(comments).toEqual(['익명1', '준호']);
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

  it('attaches an image to a new post and shows its thumbnail', async () => {
    const title = `사진 있는 글 ${unique('p')}`;
    const file = path.join(buildDir, 'campus.png');
    await writeFile(file, pngBytes(640, 480));
    await page.click('p.breadcrumb a');
    await page.waitForSelector('details.compose');
    await page.click('details.compose summary');
    await page.type('input[name=title]', title);
    await page.type('textarea[name=content]', '고양이 사진입니다.');
    const input = await page.waitForSelector('input[name=images]');
    await (input as unknown as { uploadFile(...paths: string[]): Promise<void> }).uploadFile(file);
    const mark = sent.length;

    await page.click('details.compose button[type=submit]');
    await page.waitForSelector(`h1 ::-p-text(${title})`);
    // The thumbnail (a WebP the server made) is shown once it has loaded from its signed URL.
    await page.waitForFunction(`[...document.querySelectorAll('ul.post-images img')].some((img) => img.complete && img.naturalWidth > 0)`);
    await shot('08b-post-with-image');

    // (The board's lists are read again too: the new post evicted them.)
    expect(since(mark).map((request) => request.operationName)).toEqual(expect.arrayContaining(['RequestUpload', 'CreatePost', 'Post', 'PostImages']));
    expect(since(mark)[0].operationName).toBe('RequestUpload');
    const created = since(mark).find((request) => request.operationName === 'CreatePost')!;
    const uploadIds = (created.variables.input as { imageUploadIds?: string[] }).imageUploadIds;
    expect(uploadIds).toEqual([expect.any(String)]);
    const stored = await app.db.post.findFirstOrThrow({ where: { title }, select: { images: { select: { id: true, contentType: true, width: true, thumbnailByteSize: true } } } });
    expect(stored.images).toEqual([{ id: uploadIds![0], contentType: 'image/png', width: 640, thumbnailByteSize: expect.any(Number) }]);
    const src = await page.$eval('ul.post-images img', (img) => img.getAttribute('src'));
    expect(src).toContain('/uploads/');
  });

  it("raises the notification badge when someone comments on one's post, and marks it read", async () => {
    const mine = await app.db.post.findFirstOrThrow({ where: { author: { usernameKey: 'minji' } }, orderBy: { createdAt: 'desc' }, select: { id: true } });
    await listening('notification.added', 1);
    const before = await app.db.notification.count({ where: { user: { usernameKey: 'minji' }, readAt: null } });
    expect(await badge()).toBe(String(before));

    await app.services.comment.create(junho, { postId: mine.id, content: '멋진 사진이네요', isAnonymous: true });
    await page.waitForFunction(`document.querySelector('nav a[href="/notifications"] .badge')?.textContent === '${before + 1}'`);
    await shot('08c-badge');

    // The newest first: junho's comment, named as the comment shows him.
    await page.click('nav a[href="/notifications"]');
    const newest = await page.waitForSelector('ul.notifications li.unread');
    expect(await newest!.evaluate((item) => item.querySelector('a')?.textContent)).toBe('익명1 commented on your post');
    await page.click('ul.notifications li.unread button ::-p-text(Mark read)');
    await page.waitForFunction(`document.querySelector('nav a[href="/notifications"] .badge')?.textContent === '${before}'`);
    await page.click('button ::-p-text(Mark all read)');
    await page.waitForFunction(`!document.querySelector('nav a[href="/notifications"] .badge') && !document.querySelector('ul.notifications li.unread')`);
    await shot('08d-notifications-read');

    expect(await app.db.notification.count({ where: { user: { usernameKey: 'minji' }, readAt: null } })).toBe(0);
  });

  it('shows messages as they arrive, and sends a reply', async () => {
    const minji = await app.db.user.findUniqueOrThrow({ where: { usernameKey: 'minji' }, select: { id: true } });
    await page.click('nav a ::-p-text(Messages)');
    await page.waitForSelector('::-p-text(No messages yet.)');
    await listening('message.sent', 1);

    // A new conversation shows up in the list while it is on screen.
    await app.services.message.send(junho, { recipientId: minji.id, content: '안녕하세요, 민지님' });
    const conversation = await page.waitForSelector('ul.conversations a ::-p-text(준호)');
    await page.waitForFunction(`document.querySelector('nav a[href="/notifications"] .badge')?.textContent === '1'`);
    await conversation!.click();
    await page.waitForSelector('ol.messages ::-p-text(안녕하세요, 민지님)');

    // An incoming message joins the open conversation; it is on screen, so it is marked read.
    const mark = sent.length;
    const { conversationId } = await app.services.message.send(junho, { recipientId: minji.id, content: '과제 같이 하실래요?' });
    await page.waitForSelector('ol.messages ::-p-text(과제 같이 하실래요?)');
    await page.type('#new-message', '좋아요!');
    await page.click('form.message-form button[type=submit]');
    await page.waitForSelector('ol.messages li.mine ::-p-text(좋아요!)');
    // Each message notified too: the badge was read again (no request of this step is left).
    await page.waitForFunction(`document.querySelector('nav a[href="/notifications"] .badge')?.textContent === '2'`);
    await shot('08e-conversation');

    expect(await texts('ol.messages > li .content')).toEqual(['안녕하세요, 민지님', '과제 같이 하실래요?', '좋아요!']);
    // No message was read again: the received one came over the socket, the sent one with its answer.
    expect(since(mark).filter((request) => request.operationName === 'Messages')).toEqual([]);
    const sends = since(mark).filter((request) => request.operationName === 'SendMessage');
    expect(sends.map((request) => request.variables.input)).toEqual([{ conversationId, content: '좋아요!', idempotencyKey: expect.any(String) }]);
    await page.waitForFunction(`document.querySelector('h1')?.textContent === 'Messages with 준호'`);
    expect((await app.db.conversation.findUniqueOrThrow({ where: { id: conversationId }, select: { messages: { select: { content: true }, orderBy: { createdAt: 'asc' } } } })).messages.map((m) => m.content)).toEqual([
      '안녕하세요, 민지님',
      '과제 같이 하실래요?',
      '좋아요!',
    ]);
  });

  it("reconnects when the server refuses the socket's token (4403): one refresh, the new token in connection_init, live again", async () => {
    const bus = app.events as unknown as { local: EventEmitter };
    const minji = await app.db.user.findUniqueOrThrow({ where: { usernameKey: 'minji' }, select: { id: true } });
    const token = currentToken()!;
    const mark = sent.length;
    const framesBefore = frames.length;

    // As at the access token's expiry: the socket ends with 4403.
    site.closeSockets(4403, 'Forbidden: the access token expired');
    for (const deadline = Date.now() + 10_000; bus.local.listenerCount('message.sent') > 0; await new Promise((resolve) => setTimeout(resolve, 25))) {
      if (Date.now() > deadline) throw new Error('the API kept the closed subscription');
    }
    const init = await waitForFrame((frame) => frames.indexOf(frame) >= framesBefore && frame.type === 'connection_init');
    await listening('message.sent', 1);
    await app.services.message.send(junho, { recipientId: minji.id, content: '다시 연결됐나요?' });
    await page.waitForSelector('ol.messages ::-p-text(다시 연결됐나요?)');
    await page.waitForFunction(`document.querySelector('nav a[href="/notifications"] .badge')?.textContent === '3'`);

    const refreshes = since(mark).filter((request) => request.operationName === 'Refresh');
    expect(refreshes.map((request) => request.status)).toEqual([200]);
    // The socket came back with the refreshed token, a valid one of minji's.
    expect(init.payload?.authorization).not.toBe(`Bearer ${token}`);
    const me = await post(apiUrl, print(MeDocument), {}, { authorization: init.payload!.authorization! });
    expect((me.expectData() as { me: { id: string } }).me.id).toBe(minji.id);
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
    // The open socket got the new token in-band, so it outlives the old one's expiry.
    await waitForFrame((frame) => frame.type === 'ping' && frame.payload?.authorization === `Bearer ${fresh}`);
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
    // Over the socket too: each subscription by its hash alone; the token only in connection_init and pings.
    const subscribes = frames.filter((frame) => frame.type === 'subscribe');
    expect(new Set(subscribes.map((frame) => frame.payload?.operationName))).toEqual(new Set(['NotificationAdded', 'CommentAdded', 'MessageReceived']));
    expect(subscribes.filter((frame) => frame.payload?.query !== '' || !frame.payload.extensions?.persistedQuery?.sha256Hash)).toEqual([]);
    expect(frames.filter((frame) => frame.type === 'connection_init').every((frame) => frame.payload?.authorization?.startsWith('Bearer '))).toBe(true);
  });
});
