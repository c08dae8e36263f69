/**
 * The feature modules, wired in one place: their resolvers, their services (built once per
 * app) and their loaders (built once per request, because some are viewer-scoped).
 */
import type { Mailer } from '../auth/mailer';
import type { PasswordHasher } from '../auth/passwords';
import type { SessionAccessTokenVerifier } from '../auth/session-verifier';
import type { Throttle } from '../auth/throttle';
import type { AccessTokens } from '../auth/tokens';
import type { Viewer } from '../auth/viewer';
import type { Config } from '../config';
import { Registry } from '../container';
import type { Db } from '../db/prisma';
import { AccountResolver } from './account/account.resolver';
import { AccountService } from './account/account.service';
import { SessionService } from './account/session.service';
import { createUserLoaders } from './account/user.loaders';
import { UserResolver } from './account/user.resolver';
import { UserService } from './account/user.service';
import { createSchoolLoaders } from './school/school.loaders';
import { SchoolResolver } from './school/school.resolver';
import { SchoolService } from './school/school.service';

export const resolvers = [SchoolResolver, AccountResolver, UserResolver] as const;

/** Long-lived collaborators the services need, built by createApp. */
export interface Infrastructure {
  passwords: PasswordHasher;
  throttle: Throttle;
  mailer: Mailer;
  accessTokens: AccessTokens;
  verifier: SessionAccessTokenVerifier;
}

export type Services = ReturnType<typeof createServices>;
export type Loaders = ReturnType<typeof createLoaders>;

export function createServices(db: Db, config: Config, infra: Infrastructure) {
  const session = new SessionService(db, infra.accessTokens, infra.verifier, config.auth);
  return {
    school: new SchoolService(db),
    user: new UserService(db, infra.verifier),
    session,
    account: new AccountService(db, session, infra.passwords, infra.throttle, infra.mailer, config.auth),
  };
}

export function createResolverRegistry(services: Services): Registry {
  return new Registry()
    .set(SchoolResolver, new SchoolResolver(services.school))
    .set(AccountResolver, new AccountResolver(services.account, services.session))
    .set(UserResolver, new UserResolver(services.user));
}

export function createLoaders(db: Db, _viewer: Viewer | null) {
  return {
    school: createSchoolLoaders(db),
    user: createUserLoaders(db),
  };
}
