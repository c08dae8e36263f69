import { Arg, Args, ID, Query, Resolver } from 'type-graphql';
import { OptionalViewer } from '../../auth/current-viewer';
import type { Viewer } from '../../auth/viewer';
import type { School as DbSchool } from '../../generated/prisma/client';
import { SchoolsArgs } from './school.inputs';
import type { SchoolService } from './school.service';
import { School } from './school.types';

@Resolver(() => School)
export class SchoolResolver {
  constructor(private readonly schoolService: SchoolService) {}

  @Query(() => [School], { description: 'All schools, ordered by name. Public.' })
  schools(@OptionalViewer() viewer: Viewer | null, @Args(() => SchoolsArgs) args: SchoolsArgs): Promise<DbSchool[]> {
    return this.schoolService.list(viewer, args);
  }

  @Query(() => School, { nullable: true, description: 'One school. Public. NOT_FOUND when no school has this id.' })
  school(@OptionalViewer() viewer: Viewer | null, @Arg('id', () => ID, { description: 'The school id.' }) id: string): Promise<DbSchool> {
    return this.schoolService.getById(viewer, id);
  }
}
