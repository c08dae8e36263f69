import DataLoader from 'dataloader';
import type { Db } from '../../db/prisma';
import type { School as DbSchool } from '../../generated/prisma/client';
import { byKey } from '../../shared/loader-utils';

export type SchoolLoaders = ReturnType<typeof createSchoolLoaders>;

export function createSchoolLoaders(db: Db) {
  return {
    schoolById: new DataLoader<string, DbSchool | null>(async (ids) =>
      byKey(ids, await db.school.findMany({ where: { id: { in: [...ids] } } }), (school) => school.id),
    ),
  };
}
