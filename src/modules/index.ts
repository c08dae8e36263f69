/**
 * The feature modules, wired in one place: their resolvers, their services (built once per
 * app) and their loaders (built once per request, because some are viewer-scoped).
 */
import type { Viewer } from '../auth/viewer';
import type { Config } from '../config';
import { Registry } from '../container';
import type { Db } from '../db/prisma';
import { createSchoolLoaders } from './school/school.loaders';
import { SchoolResolver } from './school/school.resolver';
import { SchoolService } from './school/school.service';

export const resolvers = [SchoolResolver] as const;

export type Services = ReturnType<typeof createServices>;
export type Loaders = ReturnType<typeof createLoaders>;

export function createServices(db: Db, _config: Config) {
  return {
    school: new SchoolService(db),
  };
}

export function createResolverRegistry(services: Services): Registry {
  return new Registry().set(SchoolResolver, new SchoolResolver(services.school));
}

export function createLoaders(db: Db, _viewer: Viewer | null) {
  return {
    school: createSchoolLoaders(db),
  };
}
