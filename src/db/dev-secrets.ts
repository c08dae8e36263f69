/**
 * Development-only secrets that must survive restarts (a regenerated JWT key would log
 * everyone out on every restart). Kept in `<dataDir>/secrets.json`, mode 600. Production
 * never reaches this: loadConfig requires JWT_SECRET there.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config';

interface DevSecrets {
  jwtSecret: string;
}

async function readOrCreate(dataDir: string): Promise<DevSecrets> {
  const file = path.join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(await fs.readFile(file, 'utf8')) as DevSecrets;
  await fs.mkdir(dataDir, { recursive: true });
  const secrets: DevSecrets = { jwtSecret: randomBytes(48).toString('base64url') };
  await fs.writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** Returns `config` with every missing development secret filled in from the data folder. */
export async function withDevelopmentSecrets(config: Config): Promise<Config> {
  if (config.env === 'production' || config.auth.jwtSecret) return config;
  const secrets = await readOrCreate(config.dataDir);
  return { ...config, auth: { ...config.auth, jwtSecret: secrets.jwtSecret } };
}
