import type { Viewer } from '../../auth/viewer';
import type { Db } from '../../db/prisma';
import type { School as DbSchool } from '../../generated/prisma/client';
import { ConflictError, NotFoundError, UserInputError, type FieldProblem } from '../../shared/errors';
import { isUniqueViolation } from '../../shared/prisma-errors';
import { isValidDomain, normalizeDomain } from './school-domain';
import { SCHOOL_NAME_MAX_LENGTH, SCHOOL_REGION_MAX_LENGTH, type CreateSchoolInput, type SchoolsArgs, type UpdateSchoolInput } from './school.inputs';
import { likeEscape } from '../../shared/sql-text';
import { requiredText } from '../../shared/text';

/** A domain as stored (normalised), null to have none; a problem when it is not a domain name. */
function optionalDomain(problems: FieldProblem[], value: string | null): string | null {
  if (value === null || value.trim() === '') return null;
  const domain = normalizeDomain(value);
  if (!isValidDomain(domain)) problems.push({ field: 'domain', message: 'must be a domain name such as korea.ac.kr' });
  return domain;
}

/**
 * Schools are public: anyone, signed in or not, may list and read them. Operators create
 * and edit them: STAFF through the API (the resolver checks the role) and `npm run
 * school:add` on the server.
 */
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

  /**
   * Adds a school. `viewer` is null for the operator script.
   * @throws UserInputError (empty or too long name or region, invalid domain), ConflictError (domain taken)
   */
  async create(_viewer: Viewer | null, input: CreateSchoolInput): Promise<DbSchool> {
    const problems: FieldProblem[] = [];
    const name = requiredText(problems, 'name', input.name, SCHOOL_NAME_MAX_LENGTH);
    const region = requiredText(problems, 'region', input.region, SCHOOL_REGION_MAX_LENGTH);
    const domain = optionalDomain(problems, input.domain ?? null);
    if (problems.length > 0) throw new UserInputError(problems);
    return this.writeUnique(() => this.db.school.create({ data: { name, region, domain, allowsClubBoards: input.allowsClubBoards ?? false } }));
  }

  /**
   * Changes a school; only the fields present in `input`. Changing the domain keeps existing
   * members (they proved an address at the domain of the time).
   * @throws NotFoundError, UserInputError, ConflictError (domain taken)
   */
  async update(_viewer: Viewer, input: UpdateSchoolInput): Promise<DbSchool> {
    const problems: FieldProblem[] = [];
    const name = input.name === undefined ? undefined : requiredText(problems, 'name', input.name ?? '', SCHOOL_NAME_MAX_LENGTH);
    const region = input.region === undefined ? undefined : requiredText(problems, 'region', input.region ?? '', SCHOOL_REGION_MAX_LENGTH);
    const domain = input.domain === undefined ? undefined : optionalDomain(problems, input.domain);
    if (input.allowsClubBoards === null) problems.push({ field: 'allowsClubBoards', message: 'cannot be cleared' });
    if (problems.length > 0) throw new UserInputError(problems);
    if (!(await this.db.school.findUnique({ where: { id: input.id }, select: { id: true } }))) throw new NotFoundError('School');
    return this.writeUnique(() =>
      this.db.school.update({
        where: { id: input.id },
        data: { name, region, domain, ...(input.allowsClubBoards !== undefined ? { allowsClubBoards: input.allowsClubBoards ?? undefined } : {}) },
      }),
    );
  }

  private async writeUnique(write: () => Promise<DbSchool>): Promise<DbSchool> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error, 'domain')) throw new ConflictError('domain', 'is already the domain of another school', { cause: error });
      throw error;
    }
  }
}
