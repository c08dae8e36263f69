/**
 * Community test data: schools with their flags, boards, and accounts that are members of a
 * school or STAFF.
 */
import type { App } from '../../src/app';
import type { Db } from '../../src/db/prisma';
import type { Board, BoardCategory, School } from '../../src/generated/prisma/client';
import { signUp, type TestAccount } from './accounts';
import { createSchool, unique } from './factories';

/** A school; `allowsClubBoards` lets its members create CLUB boards. */
export async function createCommunitySchool(db: Db, options: { allowsClubBoards?: boolean; name?: string } = {}): Promise<School> {
  const school = await createSchool(db, { name: options.name });
  if (!options.allowsClubBoards) return school;
  return db.school.update({ where: { id: school.id }, data: { allowsClubBoards: true } });
}

export function createBoard(
  db: Db,
  options: { schoolId: string; ownerId?: string | null; category?: BoardCategory; name?: string; description?: string | null; deletedAt?: Date | null },
): Promise<Board> {
  return db.board.create({
    data: {
      schoolId: options.schoolId,
      name: options.name ?? unique('board'),
      category: options.category ?? 'FREE',
      description: options.description ?? null,
      ownerId: options.ownerId ?? null,
      deletedAt: options.deletedAt ?? null,
    },
  });
}

/** A signed-up account, e-mail verified and a verified member of `schoolId`. */
export function member(app: App, schoolId: string): Promise<TestAccount> {
  return signUp(app, { schoolId });
}

/**
 * A signed-up STAFF account (of `schoolId`, if given). The role is set before the token is
 * first used, so no session cache holds the old role.
 */
export async function staff(app: App, schoolId?: string): Promise<TestAccount> {
  const account = await signUp(app, schoolId ? { schoolId } : {});
  await app.db.user.update({ where: { id: account.id }, data: { role: 'STAFF' } });
  return account;
}
