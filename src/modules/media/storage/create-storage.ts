import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../../config';
import { LocalStorage } from './local-storage';
import type { ObjectStorage } from './object-storage';
import { UrlSigner } from './url-signer';

/**
 * The configured storage driver. `baseUrl` gives the local driver its links' origin (the
 * configured MEDIA_PUBLIC_URL, else the address the server listens on).
 */
export async function createStorage(config: Config, baseUrl: () => string): Promise<ObjectStorage> {
  if (config.media.driver === 's3') {
    if (!config.media.s3) throw new Error('STORAGE_DRIVER=s3 needs S3_BUCKET');
    // Loaded only when chosen: the AWS SDK adds about half a second to every start.
    const { S3Storage } = await import('./s3-storage.js');
    return new S3Storage(config.media.s3);
  }
  if (!config.auth.jwtSecret) throw new Error('the local storage driver signs its URLs with a key derived from JWT_SECRET, which is unset');
  const root = path.resolve(config.dataDir, 'uploads');
  // Only the uploads folder is private: a recursive mkdir would give its new parents (the data
  // folder itself) mode 700 too, and the embedded PostgreSQL, run as the OS user "postgres"
  // when the server runs as root, could then not enter its own folder in there.
  await fs.mkdir(path.dirname(root), { recursive: true });
  await fs.mkdir(root, { recursive: true, mode: 0o700 });
  return new LocalStorage(root, new UrlSigner(config.auth.jwtSecret), baseUrl);
}
