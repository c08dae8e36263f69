import { Writable } from 'node:stream';
import { createApp, type App, type AppOptions } from '../../src/app';
import type { Config } from '../../src/config';
import { createLogger } from '../../src/shared/logger';
import { testConfig } from './test-config';

export interface TestApp extends App {
  /** Every log line written so far, parsed. */
  logs: Record<string, unknown>[];
  /** The raw log output, to assert that no secret was written. */
  rawLogs(): string;
}

/** createApp as main.ts builds it, on this worker's database, with logs captured in memory. */
export async function createTestApp(config: Config = testConfig(), options: AppOptions = {}): Promise<TestApp> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  const logger = createLogger(config.log.level, sink);
  const app = await createApp(config, { logger, ...options });
  const testApp = app as TestApp;
  Object.defineProperty(testApp, 'logs', { get: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) });
  testApp.rawLogs = () => lines.join('\n');
  return testApp;
}
