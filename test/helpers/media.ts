/**
 * Media test helpers: real files made in memory (a PNG of a given size, a one-page PDF), an
 * in-process S3-compatible server (s3rver), and the upload flow as a browser runs it.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import S3rver from 's3rver';
import type { App } from '../../src/app';
import { exec } from './graphql';

/** A valid RGB PNG of `width` × `height` pixels. */
export function pngBytes(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x7f)]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

/** A minimal valid one-page PDF. */
export function pdfBytes(text = 'Hello'): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R >>',
  ];
  const stream = `BT /F1 12 Tf 20 50 Td (${text}) Tj ET`;
  objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

export function tempDir(prefix = 'media-'): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

export interface S3Server {
  /** Environment settings that point the app at this server. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** An S3-compatible server in this process, with an empty bucket. */
export async function startS3Server(): Promise<S3Server> {
  const bucket = 'campus-media';
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: await tempDir('s3rver-'), configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  return {
    env: {
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_REGION: 'us-east-1',
      S3_BUCKET: bucket,
      // s3rver's built-in account.
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true',
    },
    close: () => server.close(),
  };
}

export const REQUEST_UPLOAD = /* GraphQL */ `
  mutation RequestUpload($input: RequestUploadInput!) {
    requestUpload(input: $input) { uploadId url method headers { name value } expiresAt }
  }
`;

export interface Ticket {
  uploadId: string;
  url: string;
  method: string;
  headers: { name: string; value: string }[];
  expiresAt: string;
}

export async function requestUpload(app: App, token: string, input: { purpose: string; fileName: string; contentType: string; byteSize: number }): Promise<Ticket> {
  return (await exec(app, REQUEST_UPLOAD, { input }, { token })).expectData().requestUpload as Ticket;
}

/** Sends the bytes as a browser would: the ticket's method, URL and headers, nothing else. */
export function sendBytes(ticket: Ticket, bytes: Buffer): Promise<Response> {
  return fetch(ticket.url, { method: ticket.method, headers: Object.fromEntries(ticket.headers.map((h) => [h.name, h.value])), body: bytes });
}

/** requestUpload, then the PUT (which must succeed); returns the upload id. */
export async function upload(app: App, token: string, purpose: string, fileName: string, contentType: string, bytes: Buffer): Promise<string> {
  const ticket = await requestUpload(app, token, { purpose, fileName, contentType, byteSize: bytes.length });
  const response = await sendBytes(ticket, bytes);
  if (!response.ok) throw new Error(`upload PUT answered ${response.status}: ${await response.text()}`);
  return ticket.uploadId;
}
