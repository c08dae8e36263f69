import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../src/config';
import { checkUploadRequest, verifiedType } from '../../src/modules/media/media.policy';
import { UploadPurpose } from '../../src/modules/media/media.types';
import { UserInputError } from '../../src/shared/errors';
import { contentDisposition } from '../../src/modules/media/storage/content-disposition';
import { UrlSigner } from '../../src/modules/media/storage/url-signer';

const media = loadConfig({}).media;

function problems(input: Parameters<typeof checkUploadRequest>[1]): string[] {
  try {
    checkUploadRequest(media, input);
    return [];
  } catch (error) {
    if (!(error instanceof UserInputError)) throw error;
    return error.fields.map((f) => f.field);
  }
}

describe('checkUploadRequest', () => {
  const image = { purpose: UploadPurpose.POST_IMAGE, fileName: 'a.png', contentType: 'image/png', byteSize: 100 };

  it('accepts an allowed type and size, normalising the name and type', () => {
    expect(checkUploadRequest(media, { ...image, fileName: '  사진.PNG ', contentType: 'Image/PNG; charset=binary' })).toEqual({ ...image, fileName: '사진.PNG' });
  });

  it('names each bad field', () => {
    expect(problems({ ...image, contentType: 'image/svg+xml' })).toEqual(['contentType']);
    expect(problems({ ...image, contentType: 'application/pdf', fileName: 'a.pdf' })).toEqual(['contentType']);
    expect(problems({ ...image, byteSize: 0 })).toEqual(['byteSize']);
    expect(problems({ ...image, byteSize: 10 * 1024 * 1024 + 1 })).toEqual(['byteSize']);
    expect(problems({ ...image, fileName: 'a.jpg' })).toEqual(['fileName']);
    expect(problems({ ...image, fileName: '../a.png' })).toEqual(['fileName']);
    expect(problems({ ...image, fileName: 'a\\b.png' })).toEqual(['fileName']);
    expect(problems({ ...image, fileName: 'a\nb.png' })).toEqual(['fileName']);
    expect(problems({ ...image, fileName: '  ', byteSize: -1 })).toEqual(['fileName', 'byteSize']);
  });

  it('applies the attachment limits to attachments', () => {
    const pdf = { purpose: UploadPurpose.PROJECT_ATTACHMENT, fileName: 'a.pdf', contentType: 'application/pdf', byteSize: 25 * 1024 * 1024 };
    expect(problems(pdf)).toEqual([]);
    expect(problems({ ...pdf, byteSize: pdf.byteSize + 1 })).toEqual(['byteSize']);
    expect(problems({ ...pdf, purpose: UploadPurpose.AVATAR })).toEqual(['contentType', 'byteSize']);
  });
});

describe('verifiedType', () => {
  it('accepts bytes of the declared type only', () => {
    expect(verifiedType('image/png', 'image/png', Buffer.from('x'))).toBe('image/png');
    expect(verifiedType('image/png', 'application/pdf', Buffer.from('x'))).toBeNull();
    expect(verifiedType('image/png', null, Buffer.from('x'))).toBeNull();
    expect(verifiedType('image/heic', 'image/heif', Buffer.from('x'))).toBe('image/heic');
  });

  it('accepts text without a signature when it holds no NUL', () => {
    expect(verifiedType('text/plain', null, Buffer.from('hello\n'))).toBe('text/plain');
    expect(verifiedType('text/plain', null, Buffer.from([0x68, 0, 0x69]))).toBeNull();
    expect(verifiedType('text/plain', 'application/zip', Buffer.from('PK'))).toBeNull();
  });
});

describe('contentDisposition', () => {
  it('is inline for images and an attachment with an RFC 5987 name for files', () => {
    expect(contentDisposition(undefined)).toBe('inline');
    expect(contentDisposition('회의록 (1)".pdf')).toBe(`attachment; filename="___ (1)_.pdf"; filename*=UTF-8''%ED%9A%8C%EC%9D%98%EB%A1%9D%20%281%29%22.pdf`);
  });
});

describe('UrlSigner', () => {
  it('verifies its own signatures only, over exactly the signed fields', () => {
    const signer = new UrlSigner('a'.repeat(40));
    const signature = signer.sign(['PUT', 'id', 1, 'image/png', 10]);

    expect(signer.verify(['PUT', 'id', 1, 'image/png', 10], signature)).toBe(true);
    expect(signer.verify(['PUT', 'id', 1, 'image/png', 11], signature)).toBe(false);
    expect(signer.verify(['GET', 'id', 1, 'image/png', 10], signature)).toBe(false);
    expect(signer.verify(['PUT', 'id', 1, 'image/png', 10], signature.slice(1))).toBe(false);
    expect(new UrlSigner('b'.repeat(40)).verify(['PUT', 'id', 1, 'image/png', 10], signature)).toBe(false);
  });
});

describe('media configuration', () => {
  const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), DATABASE_URL: 'postgresql://u@db:5432/app', MAIL_TRANSPORT: 'log' };
  const problemsOf = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return [];
    } catch (error) {
      return (error as { problems: string[] }).problems;
    }
  };

  it('stores files locally outside production, and requires S3 settings in production unless local is chosen', () => {
    expect(loadConfig({}).media.driver).toBe('local');
    expect(problemsOf(production)).toEqual([expect.stringMatching(/^S3_BUCKET is required with STORAGE_DRIVER=s3/)]);
    expect(loadConfig({ ...production, STORAGE_DRIVER: 'local' }).media.driver).toBe('local');
    expect(loadConfig({ ...production, S3_BUCKET: 'b', S3_ENDPOINT: 'http://minio:9000', S3_FORCE_PATH_STYLE: 'true' }).media).toMatchObject({
      driver: 's3',
      s3: { bucket: 'b', endpoint: 'http://minio:9000', region: 'us-east-1', forcePathStyle: true },
    });
  });

  it('wants both S3 keys or neither, and valid type lists', () => {
    expect(problemsOf({ S3_ACCESS_KEY_ID: 'k' })).toEqual([expect.stringMatching(/^S3_SECRET_ACCESS_KEY and S3_ACCESS_KEY_ID must be set together/)]);
    expect(problemsOf({ MEDIA_IMAGE_TYPES: 'image/png, not a type' })).toEqual([expect.stringMatching(/^MEDIA_IMAGE_TYPES /)]);
    expect(loadConfig({ MEDIA_IMAGE_TYPES: 'IMAGE/PNG, image/jpeg' }).media.image.contentTypes).toEqual(['image/png', 'image/jpeg']);
    expect(problemsOf({ MEDIA_UPLOAD_URL_TTL_SECONDS: '7200', MEDIA_GRACE_SECONDS: '3600' })).toEqual(['MEDIA_UPLOAD_URL_TTL_SECONDS must not exceed MEDIA_GRACE_SECONDS']);
  });
});
