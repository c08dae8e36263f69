import DataLoader from 'dataloader';
import { verifiedSchoolIdOf, type MembershipColumns } from '../../auth/membership';
import type { Db } from '../../db/prisma';
import type { School as DbSchool } from '../../generated/prisma/client';
import { byKey } from '../../shared/loader-utils';

export type SchoolLoaders = ReturnType<typeof createSchoolLoaders>;

export function createSchoolLoaders(db: Db) {
  const schoolById = new DataLoader<string, DbSchool | null>(async (ids) =>
    byKey(ids, await db.school.findMany({ where: { id: { in: [...ids] } } }), (school) => school.id),
  );
  return {
    schoolById,

    /** The school an account is a verified member of (the membership rule), or null without a load. */
    verifiedSchoolOf(account: MembershipColumns): Promise<DbSchool | null> | null {
      const schoolId = verifiedSchoolIdOf(account);
      return schoolId ? schoolById.load(schoolId) : null;
    },
  };
}
