import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Role } from '../../auth/viewer';
import type { Session as DbSession, User as DbUser } from '../../generated/prisma/client';
import { DateTimeScalar } from '../../shared/scalars';

/** Shown in place of the name of a deleted account. */
export const DELETED_USER_NAME = '(deleted user)';

@ObjectType('User', { simpleResolvers: true, description: 'An account. Private fields resolve only for the account itself.' })
export class User implements Pick<DbUser, 'id' | 'nickname' | 'admissionYear' | 'createdAt'> {
  @Field(() => ID, { description: 'Opaque identifier.' })
  id!: string;

  @Field(() => String, { description: `Display name; "${DELETED_USER_NAME}" for a deleted account.` })
  nickname!: string;

  @Field(() => Role, { description: 'What the account may do.' })
  role!: Role;

  @Field(() => Int, { nullable: true, description: 'Year the user entered their school (학번), if given.' })
  admissionYear!: number | null;

  @Field(() => DateTimeScalar, { description: 'When the account was created.' })
  createdAt!: Date;
}

@ObjectType('AuthPayload', { simpleResolvers: true, description: 'The result of signing in: a short-lived access token and a single-use refresh token.' })
export class AuthPayload {
  @Field(() => String, { description: 'Send as `Authorization: Bearer <accessToken>`.' })
  accessToken!: string;

  @Field(() => DateTimeScalar, { description: 'When the access token stops working; refresh before then.' })
  accessTokenExpiresAt!: Date;

  @Field(() => String, { description: 'Exchange once, with `refresh`, for a new pair. Store it securely; using it twice ends the session.' })
  refreshToken!: string;

  @Field(() => DateTimeScalar, { description: 'When the refresh token expires if unused.' })
  refreshTokenExpiresAt!: Date;

  @Field(() => User, { description: 'The signed-in account.' })
  user!: DbUser;
}

@ObjectType('Session', { simpleResolvers: true, description: 'A signed-in device or browser of the viewer.' })
export class Session implements Pick<DbSession, 'id' | 'userAgent' | 'ip' | 'createdAt' | 'lastUsedAt' | 'expiresAt'> {
  @Field(() => ID, { description: 'Opaque identifier; pass to `revokeSession`.' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'User-Agent of the client that signed in.' })
  userAgent!: string | null;

  @Field(() => String, { nullable: true, description: 'IP address the session was last used from.' })
  ip!: string | null;

  @Field(() => DateTimeScalar, { description: 'When the user signed in.' })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When the session last refreshed its tokens.' })
  lastUsedAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When the session ends at the latest, whatever its activity.' })
  expiresAt!: Date;

  @Field(() => Boolean, { description: 'Whether this is the session of the access token making the request.' })
  current!: boolean;
}
