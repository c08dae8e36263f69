/**
 * Where uploaded files live. Two drivers implement it: `local` (files under
 * `<DATA_DIR>/uploads`, this server answering the signed URLs) and `s3` (any S3-compatible
 * store, the client talking to it directly). Objects are named by upload ids the server
 * generated (UUIDs), never by anything a client typed.
 */

/** A request the client makes itself, straight to storage. */
export interface PresignedRequest {
  url: string;
  method: 'PUT';
  /** Headers the client must send exactly as given (they are part of the signature). */
  headers: Record<string, string>;
}

export interface DownloadOptions {
  /** Served as the response's Content-Type. */
  contentType: string;
  /** Served as an attachment with this name; absent: inline (images). */
  downloadName?: string;
  expiresAt: Date;
}

export interface ObjectStorage {
  readonly driver: 'local' | 's3';
  /** A URL that accepts exactly `byteSize` bytes of `contentType` for `id` until `expiresAt`. */
  presignUpload(id: string, options: { contentType: string; byteSize: number; expiresAt: Date }): Promise<PresignedRequest>;
  /** A GET URL valid until `expiresAt`. Computed locally: no request to storage. */
  presignDownload(id: string, options: DownloadOptions): Promise<string>;
  /** The stored object's size, or null when there is none. */
  size(id: string): Promise<number | null>;
  /** Up to the first `length` bytes of the object. */
  readHead(id: string, length: number): Promise<Buffer>;
  /** Deletes the object; deleting a missing one is not an error. */
  delete(id: string): Promise<void>;
  close(): Promise<void>;
}

/** Upload ids are UUIDs: checking the shape keeps every object name (and local path) server-made. */
const UPLOAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isUploadId(value: string): boolean {
  return UPLOAD_ID.test(value);
}

/** @throws Error for anything but an upload id (a programming error: ids come from our rows). */
export function assertUploadId(value: string): string {
  if (!isUploadId(value)) throw new Error('not an upload id');
  return value;
}
