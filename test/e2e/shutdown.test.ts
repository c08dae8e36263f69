import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createSchool } from '../helpers/factories';
import { post } from '../helpers/graphql';
import { createTestApp } from '../helpers/test-app';
import { workerDatabaseUrl } from '../setup/test-database';

async function appConnections(admin: pg.Client, database: string): Promise<number> {
  const result = await admin.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'campus-api'", [database]);
  return result.rows[0].n;
}

describe('graceful stop', () => {
  it('finishes an in-flight request, refuses new connections, then closes the pool', async () => {
    const app = await createTestApp();
    const baseUrl = await app.listen();
    const school = await createSchool(app.db);
    const url = new URL(workerDatabaseUrl());
    const database = url.pathname.slice(1);
    // Hold a lock on the table so that the request below is still running when stop() begins.
    const locker = new pg.Client({ connectionString: url.toString() });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE schools IN ACCESS EXCLUSIVE MODE');

    const inFlight = post(baseUrl, 'query($id: ID!) { school(id: $id) { id } }', { id: school.id });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stopped = app.stop();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const refused = await fetch(`${baseUrl}/health`).then(() => 'answered', () => 'refused');
    await locker.query('COMMIT');
    const response = await inFlight;
    await stopped;

    expect(refused).toBe('refused');
    expect(response.status).toBe(200);
    expect(response.expectData()).toEqual({ school: { id: school.id } });
    expect(await appConnections(locker, database)).toBe(0);
    await locker.end();
  });
});
