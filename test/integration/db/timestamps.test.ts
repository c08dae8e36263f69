/**
 * The fast timestamptz reader (src/db/timestamps.ts) must read exactly what pg's own parser
 * reads, for whatever PostgreSQL prints, in any session time zone.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import pg from 'pg';
import { parseTimestamptz } from '../../../src/db/timestamps';
import { workerDatabaseUrl } from '../../setup/test-database';

const general = pg.types.getTypeParser(1184, 'text') as (text: string) => Date | number;
/** Both read the same instant (a Date's time, or ±Infinity). */
const same = (text: string) => expect([text, Number(parseTimestamptz(text))]).toEqual([text, Number(general(text))]);

describe('parseTimestamptz', () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: workerDatabaseUrl() });
    await client.connect();
  });
  afterAll(() => client.end());

  /** What PostgreSQL prints for these instants in `zone` (text, as the pool receives it). */
  async function printed(zone: string, instants: string[]): Promise<string[]> {
    await client.query(`SET TIME ZONE '${zone}'`);
    const { rows } = await client.query<{ t: string }>({ text: 'SELECT unnest($1::timestamptz[])::text AS t', values: [instants] });
    return rows.map((r) => r.t);
  }

  it('reads what PostgreSQL prints in whole-hour, half-hour, negative and historical zones, and the special values', async () => {
    const instants = [
      '2026-11-23T14:36:31.123Z', '2026-11-23T14:36:31Z', '2026-03-29T01:30:00.5Z', '1999-12-31T23:59:59.999Z',
      '2026-11-23T14:36:31.123456Z', '1900-01-01T00:00:00Z', '0150-06-01T12:00:00Z', '9999-12-31T00:00:00Z',
    ];
    for (const zone of ['UTC', 'Asia/Seoul', 'Asia/Kolkata', 'America/St_Johns', 'America/Los_Angeles', 'Pacific/Chatham']) {
      for (const text of await printed(zone, instants)) same(text);
    }
    for (const text of await printed('UTC', ['infinity', '-infinity', '0044-03-15 12:00:00 BC', '0050-01-01T00:00:00Z'])) same(text);
  });

  it('agrees with pg on any instant in any offset layout PostgreSQL uses', () => {
    const pad = (n: number, width = 2) => String(n).padStart(width, '0');
    fc.assert(
      fc.property(
        fc.date({ min: new Date('0100-01-01T00:00:00Z'), max: new Date('9999-12-30T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 999_999 }),
        fc.integer({ min: -12 * 60, max: 14 * 60 }),
        (date, micros, offset) => {
          const local = new Date(date.getTime() + offset * 60_000);
          const fraction = micros === 0 ? '' : `.${pad(micros, 6).replace(/0+$/, '')}`;
          const sign = offset < 0 ? '-' : '+';
          const zone = `${sign}${pad(Math.floor(Math.abs(offset) / 60))}${Math.abs(offset) % 60 ? `:${pad(Math.abs(offset) % 60)}` : ''}`;
          same(`${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${fraction}${zone}`);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
