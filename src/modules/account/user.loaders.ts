import DataLoader from 'dataloader';
import type { Db } from '../../db/prisma';
import type { User as DbUser } from '../../generated/prisma/client';
import { byKey } from '../../shared/loader-utils';

export type UserLoaders = ReturnType<typeof createUserLoaders>;

export function createUserLoaders(db: Db) {
  return {
    userById: new DataLoader<string, DbUser | null>(async (ids) =>
      byKey(ids, await db.user.findMany({ where: { id: { in: [...ids] } } }), (user) => user.id),
    ),
  };
}
