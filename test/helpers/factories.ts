/**
 * Test data through Prisma, one row per call, with unique values so that tests never
 * depend on each other's rows (nothing is truncated between tests).
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../../src/db/prisma';
import type { School } from '../../src/generated/prisma/client';

export function unique(prefix = 'x'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

export function createSchool(db: Db, overrides: Partial<Pick<School, 'name' | 'region' | 'domain'>> = {}): Promise<School> {
  const name = overrides.name ?? unique('school');
  return db.school.create({
    data: { name, region: overrides.region ?? '서울', domain: overrides.domain === undefined ? `${name}.ac.kr` : overrides.domain },
  });
}
