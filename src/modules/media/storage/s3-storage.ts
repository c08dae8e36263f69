/**
 * The `s3` driver: any S3-compatible store through the AWS SDK v3. The browser PUTs to a
 * presigned URL whose signature covers Content-Type and Content-Length, so the store
 * refuses other sizes and types; reads are presigned GETs that set the response's type and
 * disposition. Objects live under `uploads/<id>` in the bucket.
 */
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Config } from '../../../config';
import { contentDisposition } from './content-disposition';
import { assertObjectName, assertUploadId, type DownloadOptions, type ObjectStorage, type PresignedRequest } from './object-storage';

type S3Settings = NonNullable<Config['media']['s3']>;

/** Seconds from now until `at`, at least 1 (presigned URLs take a duration). */
function secondsUntil(at: Date): number {
  return Math.max(1, Math.ceil((at.getTime() - Date.now()) / 1000));
}

export class S3Storage implements ObjectStorage {
  readonly driver = 's3';
  private readonly client: S3Client;

  constructor(private readonly settings: S3Settings) {
    this.client = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      credentials: settings.accessKeyId && settings.secretAccessKey ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } : undefined,
      // Otherwise the SDK signs a CRC32 of the (empty) body into presigned PUT URLs, and a
      // store that checks it refuses the browser's real bytes.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  private key(name: string): string {
    return `uploads/${assertObjectName(name)}`;
  }

  async presignUpload(id: string, options: { contentType: string; byteSize: number; expiresAt: Date }): Promise<PresignedRequest> {
    const command = new PutObjectCommand({ Bucket: this.settings.bucket, Key: this.key(assertUploadId(id)), ContentType: options.contentType, ContentLength: options.byteSize });
    const url = await getSignedUrl(this.client, command, {
      expiresIn: secondsUntil(options.expiresAt),
      signableHeaders: new Set(['content-type', 'content-length']),
    });
    return { url, method: 'PUT', headers: { 'content-type': options.contentType } };
  }

  presignDownload(id: string, options: DownloadOptions): Promise<string> {
    const command = new GetObjectCommand({
      Bucket: this.settings.bucket,
      Key: this.key(id),
      ResponseContentType: options.contentType,
      ResponseContentDisposition: contentDisposition(options.downloadName),
    });
    return getSignedUrl(this.client, command, { expiresIn: secondsUntil(options.expiresAt) });
  }

  async size(id: string): Promise<number | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key: this.key(id) }));
      return head.ContentLength ?? null;
    } catch (error) {
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return null;
      throw error;
    }
  }

  async readHead(id: string, length: number): Promise<Buffer> {
    const object = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.key(id), Range: `bytes=0-${length - 1}` }));
    const bytes = await object.Body!.transformToByteArray();
    return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, length));
  }

  async put(name: string, body: Buffer, contentType: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.settings.bucket, Key: this.key(name), Body: body, ContentType: contentType }));
  }

  async delete(id: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: this.key(id) }));
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
