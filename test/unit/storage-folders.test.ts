import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { createStorage } from '../../src/modules/media/storage/create-storage';
import { loadConfig } from '../../src/config';

const roots: string[] = [];
afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

describe('the local storage driver', () => {
  it('keeps its uploads folder private without closing the data folder it creates (the embedded PostgreSQL lives there too)', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'storage-folders-'));
    roots.push(root);
    const dataDir = path.join(root, 'fresh', '.data');
    await createStorage(loadConfig({ DATA_DIR: dataDir, STORAGE_DRIVER: 'local', JWT_SECRET: 'a-test-secret-that-is-long-enough-0123456789' }), () => 'http://localhost');

    expect((await stat(path.join(dataDir, 'uploads'))).mode & 0o077).toBe(0);
    expect((await stat(dataDir)).mode & 0o001).toBe(0o001);
    expect((await stat(path.dirname(dataDir))).mode & 0o001).toBe(0o001);
  });
});
