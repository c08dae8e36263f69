/**
 * The GraphQL-over-HTTP spec audit (graphql-http's `auditServer`, SECURITY.md §3) against the
 * running server, with the hardening on. Development profile: two MUST audits query `__type`
 * and can only pass with introspection on (SECURITY.md §1 item 7).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { auditServer } from 'graphql-http';
import { testConfig } from '../helpers/test-config';
import { createTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
let baseUrl: string;
beforeAll(async () => {
  app = await createTestApp(testConfig({ NODE_ENV: 'development' }));
  baseUrl = await app.listen();
});
afterAll(() => app.stop());

describe('graphql-http server audit', () => {
  it('finds no MUST failure', async () => {
    const results = await auditServer({ url: `${baseUrl}/graphql` });

    const failures = results.filter((r) => r.status === 'error').map((r) => ({ id: r.id, name: r.name, reason: 'reason' in r ? r.reason : '' }));
    const counts = Object.fromEntries(['ok', 'warn', 'notice', 'error'].map((status) => [status, results.filter((r) => r.status === status).length]));
    expect(failures).toEqual([]);
    expect(results.every((r) => r.status === 'ok' || !r.name.startsWith('MUST'))).toBe(true);
    // The accepted deviations (SHOULD/MAY): Apollo answers document errors with 400 under
    // application/json, and CSRF prevention refuses "simple" GET requests.
    expect(counts).toEqual({ ok: expect.any(Number), warn: expect.any(Number), notice: expect.any(Number), error: 0 });
    expect(counts.ok).toBeGreaterThanOrEqual(55);
  });
});
