import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { withDevelopmentSecrets } from '../../src/db/dev-secrets';

async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'campus-secrets-'));
}

describe('withDevelopmentSecrets', () => {
  it('generates a JWT secret once in development and reuses it after a restart', async () => {
    const dataDir = await tempDir();

    const first = await withDevelopmentSecrets(loadConfig({ DATA_DIR: dataDir }));
    const second = await withDevelopmentSecrets(loadConfig({ DATA_DIR: dataDir }));

    expect(Buffer.byteLength(first.auth.jwtSecret!)).toBeGreaterThanOrEqual(32);
    expect(second.auth.jwtSecret).toBe(first.auth.jwtSecret);
    expect((await fs.stat(path.join(dataDir, 'secrets.json'))).mode & 0o077).toBe(0);
  });

  it('keeps a configured secret and never writes one in production', async () => {
    const dataDir = await tempDir();
    const configured = 'c'.repeat(40);

    const dev = await withDevelopmentSecrets(loadConfig({ DATA_DIR: dataDir, JWT_SECRET: configured }));
    const prod = await withDevelopmentSecrets(
      loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, JWT_SECRET: configured, DATABASE_URL: 'postgresql://u@h/db', MAIL_TRANSPORT: 'log', STORAGE_DRIVER: 'local' }),
    );

    expect([dev.auth.jwtSecret, prod.auth.jwtSecret]).toEqual([configured, configured]);
    await expect(fs.stat(path.join(dataDir, 'secrets.json'))).rejects.toThrow();
  });
});
