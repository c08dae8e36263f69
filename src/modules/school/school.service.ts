import type { Viewer } from '../../auth/viewer';
import type { Db } from '../../db/prisma';
import type { School as DbSchool } from '../../generated/prisma/client';
import { NotFoundError } from '../../shared/errors';
import { likeEscape } from '../../shared/sql-text';
import type { SchoolsArgs } from './school.inputs';

/** Schools are public: anyone, signed in or not, may list and read them. */
export class SchoolService {
  constructor(private readonly db: Db) {}

  /** Every school, by name; optionally those whose name or region contains `search` (wildcards literal). */
  list(_viewer: Viewer | null, args: SchoolsArgs): Promise<DbSchool[]> {
    const search = args.search?.trim();
    return this.db.school.findMany({
      where: search
        ? { OR: [{ name: { contains: likeEscape(search), mode: 'insensitive' } }, { region: { contains: likeEscape(search), mode: 'insensitive' } }] }
        : undefined,
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
    });
  }

  /** Whether any school exists (a fresh database has none until `npm run db:seed`). */
  async hasAny(): Promise<boolean> {
    return (await this.db.school.findFirst({ select: { id: true } })) !== null;
  }

  /** @throws NotFoundError when no school has this id. */
  async getById(_viewer: Viewer | null, id: string): Promise<DbSchool> {
    const school = await this.db.school.findUnique({ where: { id } });
    if (!school) throw new NotFoundError('School');
    return school;
  }
}
