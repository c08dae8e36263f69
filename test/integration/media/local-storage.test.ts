/**
 * The local driver's own HTTP endpoints (`PUT`/`GET /uploads/:id`), as a browser or an
 * attacker would call them: signatures are checked (constant-time), expiry enforced, the
 * body size enforced while it streams, and only server-made ids name files.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdir } from 'node:fs/promises';
import { signUp, type TestAccount } from '../../helpers/accounts';
import { pngBytes, requestUpload, sendBytes, tempDir, type Ticket } from '../../helpers/media';
import { testConfig } from '../../helpers/test-config';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import type { LocalStorage } from '../../../src/modules/media/storage/local-storage';

let app: TestApp;
let baseUrl: string;
let user: TestAccount;
let storage: LocalStorage;

beforeAll(async () => {
  app = await createTestApp(testConfig({ DATA_DIR: await tempDir() }));
  baseUrl = await app.listen();
  user = await signUp(app);
  storage = app.services.media.storage as LocalStorage;
});

afterAll(async () => {
  await app.stop();
});

const png = pngBytes(2, 2);
const ticketFor = (byteSize = png.length) => requestUpload(app, user.accessToken, { purpose: 'POST_IMAGE', fileName: 'p.png', contentType: 'image/png', byteSize });

function withQuery(ticket: Ticket, change: (query: URLSearchParams) => void): string {
  const url = new URL(ticket.url);
  change(url.searchParams);
  return url.toString();
}

/** A body of `bytes` sent in chunks without a Content-Length (chunked transfer encoding). */
function chunked(bytes: Buffer): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(sent, sent + 1024));
      sent += 1024;
    },
  });
}

describe('PUT /uploads/:id', () => {
  it('points at this server, under the uploads folder of DATA_DIR', async () => {
    const ticket = await ticketFor();

    expect(ticket.url.startsWith(`${baseUrl}/uploads/${ticket.uploadId}?`)).toBe(true);
    expect(storage.root).toBe(`${app.config.dataDir}/uploads`);
  });

  it('refuses a tampered signature, size or type, and another id under the same signature', async () => {
    const ticket = await ticketFor();
    const other = await ticketFor();
    const headers = { 'content-type': 'image/png' };

    const tampered = await fetch(withQuery(ticket, (q) => q.set('signature', `${q.get('signature')!.slice(0, -2)}AA`)), { method: 'PUT', headers, body: png });
    const bigger = await fetch(withQuery(ticket, (q) => q.set('size', String(png.length + 1000))), { method: 'PUT', headers, body: png });
    const unsigned = await fetch(withQuery(ticket, (q) => q.delete('signature')), { method: 'PUT', headers, body: png });
    const otherId = await fetch(ticket.url.replace(ticket.uploadId, other.uploadId), { method: 'PUT', headers, body: png });
    const otherType = await fetch(ticket.url, { method: 'PUT', headers: { 'content-type': 'text/html' }, body: png });

    expect([tampered.status, bigger.status, unsigned.status, otherId.status, otherType.status]).toEqual([403, 403, 403, 403, 403]);
    expect(await storage.size(ticket.uploadId)).toBeNull();
    expect(await storage.size(other.uploadId)).toBeNull();
  });

  it('stops a body that grows past the signed size while it streams, and keeps nothing', async () => {
    const ticket = await ticketFor(2048);

    const response = await fetch(ticket.url, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: chunked(Buffer.alloc(64 * 1024, 1)), duplex: 'half' } as RequestInit);

    expect(response.status).toBe(413);
    expect(await storage.size(ticket.uploadId)).toBeNull();
    expect((await readdir(storage.root)).filter((name) => name.startsWith(ticket.uploadId))).toEqual([]);
  });

  it('refuses a declared Content-Length over the signed size at once, and a shorter body', async () => {
    const ticket = await ticketFor(png.length + 10);

    const tooLong = await sendBytes(ticket, Buffer.concat([png, Buffer.alloc(100)]));
    const tooShort = await sendBytes(ticket, png);
    const chunkedShort = await fetch(ticket.url, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: chunked(png), duplex: 'half' } as RequestInit);

    expect([tooLong.status, tooShort.status, chunkedShort.status]).toEqual([413, 400, 400]);
    expect(await storage.size(ticket.uploadId)).toBeNull();
  });

  it('answers 404 to anything but an upload id, so no path outside the folder can be named', async () => {
    const ticket = await ticketFor();
    const query = new URL(ticket.url).search;

    for (const id of ['..%2F..%2Fpackage.json', '%2E%2E', 'secrets.json', `${ticket.uploadId}.part`, `${ticket.uploadId}%00`]) {
      const response = await fetch(`${baseUrl}/uploads/${id}${query}`, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: png });
      expect(response.status).toBe(404);
    }
  });
});

describe('GET /uploads/:id', () => {
  it('serves the file with its signed type, never sniffed or run as a page', async () => {
    const ticket = await ticketFor();
    await sendBytes(ticket, png);
    const url = await storage.presignDownload(ticket.uploadId, { contentType: 'image/png', expiresAt: new Date(Date.now() + 60_000) });

    const response = await fetch(url);

    expect(response.status).toBe(200);
    expect(Object.fromEntries(['content-type', 'content-disposition', 'x-content-type-options', 'content-security-policy', 'cross-origin-resource-policy'].map((h) => [h, response.headers.get(h)]))).toEqual({
      'content-type': 'image/png',
      'content-disposition': 'inline',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cross-origin-resource-policy': 'cross-origin',
    });
    expect(Buffer.from(await response.arrayBuffer()).equals(png)).toBe(true);
  });

  it('refuses an expired or altered download URL, and another type than the signed one', async () => {
    const ticket = await ticketFor();
    await sendBytes(ticket, png);
    const expired = await storage.presignDownload(ticket.uploadId, { contentType: 'image/png', expiresAt: new Date(Date.now() - 1000) });
    const valid = await storage.presignDownload(ticket.uploadId, { contentType: 'image/png', expiresAt: new Date(Date.now() + 60_000) });
    const asHtml = new URL(valid);
    asHtml.searchParams.set('type', 'text/html');
    const longer = new URL(valid);
    longer.searchParams.set('expires', String(Number(longer.searchParams.get('expires')) + 3600));

    expect((await fetch(expired)).status).toBe(403);
    expect((await fetch(asHtml)).status).toBe(403);
    expect((await fetch(longer)).status).toBe(403);
  });

  it('never writes a signed URL to the log', async () => {
    const ticket = await ticketFor();
    await sendBytes(ticket, png);
    const url = await storage.presignDownload(ticket.uploadId, { contentType: 'image/png', expiresAt: new Date(Date.now() + 60_000) });
    await fetch(url);
    await fetch(withQuery(ticket, (q) => q.set('size', '1')), { method: 'PUT', headers: { 'content-type': 'image/png' }, body: png });

    const logs = app.rawLogs();
    for (const signature of [new URL(ticket.url).searchParams.get('signature')!, new URL(url).searchParams.get('signature')!]) expect(logs).not.toContain(signature);
    expect(logs).toContain('incoming request');
  });

  it('answers 404 for a signed URL whose file is gone', async () => {
    const ticket = await ticketFor();
    const url = await storage.presignDownload(ticket.uploadId, { contentType: 'image/png', expiresAt: new Date(Date.now() + 60_000) });

    expect((await fetch(url)).status).toBe(404);
  });
});
