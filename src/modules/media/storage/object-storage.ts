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

/**
 * Objects are named by upload ids; an upload's derived files (its thumbnail) are named
 * `<id>.<variant>`. Clients upload to bare upload ids only.
 */
export interface ObjectStorage {
  readonly driver: 'local' | 's3';
  /** A URL that accepts exactly `byteSize` bytes of `contentType` for upload `id` until `expiresAt`. */
  presignUpload(id: string, options: { contentType: string; byteSize: number; expiresAt: Date }): Promise<PresignedRequest>;
  /** A GET URL of object `name`, valid until `expiresAt`. Computed locally: no request to storage. */
  presignDownload(name: string, options: DownloadOptions): Promise<string>;
  /** The stored object's size, or null when there is none. */
  size(name: string): Promise<number | null>;
  /** Up to the first `length` bytes of the object. */
  readHead(name: string, length: number): Promise<Buffer>;
  /** Stores an object the server made (a thumbnail). */
  put(name: string, body: Buffer, contentType: string): Promise<void>;
  /** Deletes the object; deleting a missing one is not an error. */
  delete(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Derived objects of an upload. */
export const VARIANTS = ['thumbnail'] as const;
export type Variant = (typeof VARIANTS)[number];

/** The name of a derived object of upload `id`. */
export function variantName(id: string, variant: Variant): string {
  return `${assertUploadId(id)}.${variant}`;
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

/** An upload id, or an upload id and a known variant. */
export function isObjectName(value: string): boolean {
  const dot = value.indexOf('.');
  if (dot === -1) return isUploadId(value);
  return isUploadId(value.slice(0, dot)) && (VARIANTS as readonly string[]).includes(value.slice(dot + 1));
}

/** @throws Error for anything but an object name made by the server. */
export function assertObjectName(value: string): string {
  if (!isObjectName(value)) throw new Error('not an object name');
  return value;
}
