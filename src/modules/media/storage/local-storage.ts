/**
 * The `local` driver: files under `<DATA_DIR>/uploads/<id>`, with this server answering the
 * presigned URLs (local-storage.routes.ts). A URL carries its expiry and what it allows
 * (method, id, type, size or download name), HMAC-signed (url-signer.ts). File names are
 * upload ids only (checked as UUIDs), so no request can name a path outside the folder.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { contentDisposition } from './content-disposition';
import { assertObjectName, assertUploadId, type DownloadOptions, type ObjectStorage, type PresignedRequest } from './object-storage';
import type { UrlSigner } from './url-signer';

/** What a verified upload URL allows. */
export interface UploadGrant {
  contentType: string;
  byteSize: number;
}

/** What a verified download URL serves. */
export interface DownloadGrant {
  contentType: string;
  disposition: string;
  expiresAt: Date;
}

export type GrantResult<T> = { ok: true; grant: T } | { ok: false; status: 403; reason: string };

/** The body was larger than the URL allows (stopped while streaming) or of another size. */
const DIGITS = /^\d{1,15}$/;

export class UploadSizeError extends Error {
  constructor(readonly status: 400 | 413) {
    super(status === 413 ? 'body larger than the signed size' : 'body size differs from the signed size');
  }
}

export class LocalStorage implements ObjectStorage {
  readonly driver = 'local';

  /** `baseUrl()` is read per URL: without MEDIA_PUBLIC_URL it is known only once listening. */
  constructor(
    readonly root: string,
    private readonly signer: UrlSigner,
    private readonly baseUrl: () => string,
  ) {}

  private file(name: string): string {
    return path.join(this.root, assertObjectName(name));
  }

  private url(name: string, query: Record<string, string>): string {
    return `${this.baseUrl()}/uploads/${assertObjectName(name)}?${new URLSearchParams(query).toString()}`;
  }

  async presignUpload(id: string, options: { contentType: string; byteSize: number; expiresAt: Date }): Promise<PresignedRequest> {
    const expires = Math.floor(options.expiresAt.getTime() / 1000);
    const signature = this.signer.sign(['PUT', assertUploadId(id), expires, options.contentType, options.byteSize]);
    const url = this.url(id, { expires: String(expires), type: options.contentType, size: String(options.byteSize), signature });
    return { url, method: 'PUT', headers: { 'content-type': options.contentType } };
  }

  async presignDownload(id: string, options: DownloadOptions): Promise<string> {
    const expires = Math.floor(options.expiresAt.getTime() / 1000);
    const disposition = contentDisposition(options.downloadName);
    const signature = this.signer.sign(['GET', id, expires, options.contentType, disposition]);
    return this.url(id, { expires: String(expires), type: options.contentType, disposition, signature });
  }

  /** Checks an upload URL's query. */
  verifyUpload(id: string, query: Record<string, string | undefined>, now = Date.now()): GrantResult<UploadGrant> {
    const { expires, type, size, signature } = query;
    if (!expires || !type || !size || !signature || !DIGITS.test(expires) || !DIGITS.test(size)) return { ok: false, status: 403, reason: 'missing signature' };
    if (!this.signer.verify(['PUT', id, Number(expires), type, Number(size)], signature)) return { ok: false, status: 403, reason: 'bad signature' };
    if (Number(expires) * 1000 < now) return { ok: false, status: 403, reason: 'expired' };
    return { ok: true, grant: { contentType: type, byteSize: Number(size) } };
  }

  /** Checks a download URL's query. */
  verifyDownload(id: string, query: Record<string, string | undefined>, now = Date.now()): GrantResult<DownloadGrant> {
    const { expires, type, disposition, signature } = query;
    if (!expires || !type || !disposition || !signature || !DIGITS.test(expires)) return { ok: false, status: 403, reason: 'missing signature' };
    if (!this.signer.verify(['GET', id, Number(expires), type, disposition], signature)) return { ok: false, status: 403, reason: 'bad signature' };
    if (Number(expires) * 1000 < now) return { ok: false, status: 403, reason: 'expired' };
    return { ok: true, grant: { contentType: type, disposition, expiresAt: new Date(Number(expires) * 1000) } };
  }

  /**
   * Stores `body` as the upload `id`, refusing it as soon as it passes `byteSize` bytes
   * (and at the end when shorter). Written to a temporary name and renamed, so readers
   * never see a partial file.
   * @throws UploadSizeError
   */
  async write(id: string, body: NodeJS.ReadableStream, byteSize: number): Promise<void> {
    const target = this.file(assertUploadId(id));
    const partial = `${target}.${randomUUID()}.part`;
    let received = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        received += chunk.length;
        callback(received > byteSize ? new UploadSizeError(413) : null, chunk);
      },
    });
    try {
      await pipeline(body, limit, createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
      if (received !== byteSize) throw new UploadSizeError(400);
      await fs.rename(partial, target);
    } catch (error) {
      await fs.rm(partial, { force: true });
      throw error;
    }
  }

  /** The object's path when it exists. */
  async existing(id: string): Promise<{ path: string; size: number } | null> {
    const size = await this.size(id);
    return size === null ? null : { path: this.file(id), size };
  }

  async size(id: string): Promise<number | null> {
    try {
      return (await fs.stat(this.file(id))).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async readHead(id: string, length: number): Promise<Buffer> {
    const handle = await fs.open(this.file(id), 'r');
    try {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  async put(name: string, body: Buffer, _contentType: string): Promise<void> {
    const target = this.file(name);
    const partial = `${target}.${randomUUID()}.part`;
    await fs.writeFile(partial, body, { flag: 'wx', mode: 0o600 });
    await fs.rename(partial, target);
  }

  async delete(name: string): Promise<void> {
    await fs.rm(this.file(name), { force: true });
  }

  async close(): Promise<void> {}
}
