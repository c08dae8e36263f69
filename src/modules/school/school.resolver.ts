import { Arg, Args, Authorized, Mutation, Query, Resolver } from 'type-graphql';
import { CurrentViewer, OptionalViewer } from '../../auth/current-viewer';
import { Role, type Viewer } from '../../auth/viewer';
import type { School as DbSchool } from '../../generated/prisma/client';
import { CreateSchoolInput, SchoolsArgs, UpdateSchoolInput } from './school.inputs';
import type { SchoolService } from './school.service';
import { School } from './school.types';
import { IdArg } from '../../shared/ids';

@Resolver(() => School)
export class SchoolResolver {
  constructor(private readonly schoolService: SchoolService) {}

  @Query(() => [School], { description: 'All schools, ordered by name. Public.' })
  schools(@OptionalViewer() viewer: Viewer | null, @Args(() => SchoolsArgs) args: SchoolsArgs): Promise<DbSchool[]> {
    return this.schoolService.list(viewer, args);
  }

  @Query(() => School, { nullable: true, description: 'One school. Public. NOT_FOUND when no school has this id.' })
  school(@OptionalViewer() viewer: Viewer | null, @IdArg('id', 'The school id.') id: string): Promise<DbSchool> {
    return this.schoolService.getById(viewer, id);
  }

  @Authorized(Role.STAFF)
  @Mutation(() => School, { description: 'STAFF: adds a school. CONFLICT when another school has the domain.' })
  createSchool(@CurrentViewer() viewer: Viewer, @Arg('input', () => CreateSchoolInput, { description: 'The new school.' }) input: CreateSchoolInput): Promise<DbSchool> {
    return this.schoolService.create(viewer, input);
  }

  @Authorized(Role.STAFF)
  @Mutation(() => School, { description: 'STAFF: changes a school (name, region, domain, allowsClubBoards). NOT_FOUND for an unknown id.' })
  updateSchool(@CurrentViewer() viewer: Viewer, @Arg('input', () => UpdateSchoolInput, { description: 'The changes.' }) input: UpdateSchoolInput): Promise<DbSchool> {
    return this.schoolService.update(viewer, input);
  }
}
