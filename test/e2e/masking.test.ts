import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freePort } from '../setup/global-setup';
import { post } from '../helpers/graphql';
import { testConfig } from '../helpers/test-config';
import { createTestApp, type TestApp } from '../helpers/test-app';

const LEAKS = /prisma|ECONNREFUSED|stack|constraint|relation "|SELECT |at \/|node_modules|127\.0\.0\.1/i;

/** An app whose database is unreachable: every query fails inside the resolver. */
let app: TestApp;
let baseUrl: string;
beforeAll(async () => {
  const deadPort = await freePort();
  app = await createTestApp(testConfig({ DATABASE_URL: `postgresql://nobody:pw@127.0.0.1:${deadPort}/none`, DATABASE_CONNECTION_TIMEOUT_MS: '1000' }));
  baseUrl = await app.listen();
});
afterAll(() => app.stop());

describe('an unreachable database', () => {
  it('is answered 503 SERVICE_UNAVAILABLE with Retry-After and a request id, masked, and logged in full', async () => {
    const response = await post(baseUrl, '{ schools { id } }');

    const requestId = response.headers.get('x-request-id');
    expect([response.status, response.headers.get('retry-after')]).toEqual([503, '5']);
    expect(response.errors).toEqual([
      {
        message: 'Service temporarily unavailable, retry later',
        locations: [{ line: 1, column: 3 }],
        path: ['schools'],
        extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 5, requestId },
      },
    ]);
    expect(response.text).not.toMatch(LEAKS);
    const logged = app.logs.find((line) => line.requestId === requestId && line.msg === 'database unavailable while handling a GraphQL request');
    expect(logged?.level).toBe(40);
    expect(JSON.stringify(logged?.err)).toMatch(/reach database server/);
  });

  it('make /ready answer 503 while /health stays 200', async () => {
    const ready = await fetch(`${baseUrl}/ready`);
    const health = await fetch(`${baseUrl}/health`);

    expect([ready.status, await ready.json()]).toEqual([503, { status: 'database unavailable' }]);
    expect(health.status).toBe(200);
  });
});
