import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CurrentViewer, OptionalViewer } from '../../auth/current-viewer';
import { verifiedSchoolIdOf } from '../../auth/membership';
import { Role, type Viewer } from '../../auth/viewer';
import type { Context } from '../../context';
import { isOwnAccount } from './own-account';
import type { School as DbSchool, User as DbUser } from '../../generated/prisma/client';
import { DateTimeScalar } from '../../shared/scalars';
import { School } from '../school/school.types';
import { Suspension, suspensionOf, type SuspensionRecord } from '../moderation/moderation.types';
import { UpdateProfileInput } from './account.inputs';
import { User } from './account.types';
import type { UserService } from './user.service';

@Resolver(() => User)
export class UserResolver {
  constructor(private readonly users: UserService) {}

  @Query(() => User, { nullable: true, description: 'The signed-in account, or null for an anonymous caller. Public.' })
  me(@OptionalViewer() viewer: Viewer | null): Promise<DbUser | null> {
    return this.users.me(viewer);
  }

  @Authorized()
  @Mutation(() => User, { description: "Changes the viewer's profile." })
  updateProfile(@CurrentViewer() viewer: Viewer, @Arg('input', () => UpdateProfileInput, { description: 'The changes.' }) input: UpdateProfileInput): Promise<DbUser> {
    return this.users.updateProfile(viewer, input);
  }

  // The sign-in handle: half of a credential, so other users see the nickname only.
  @FieldResolver(() => String, { nullable: true, description: 'Unique sign-in handle, as typed at sign-up: only for the account itself (others see `nickname`); null for anyone else and for a deleted account.' })
  username(@Root() user: DbUser, @Ctx() ctx: Context): string | null {
    return isOwnAccount(ctx, user.id) ? user.username : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'E-mail address: only for the account itself, null for anyone else.' })
  email(@Root() user: DbUser, @Ctx() ctx: Context): string | null {
    return isOwnAccount(ctx, user.id) ? user.email : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'IANA time zone: only for the account itself; null means the server default.' })
  timeZone(@Root() user: DbUser, @Ctx() ctx: Context): string | null {
    return isOwnAccount(ctx, user.id) ? user.timeZone : null;
  }

  @FieldResolver(() => Suspension, { nullable: true, description: "STAFF only: the account's active suspension (suspendUser), if any; null for anyone else." })
  suspension(@Root() user: DbUser, @Ctx() ctx: Context): SuspensionRecord | null {
    return ctx.viewer?.role === Role.STAFF ? suspensionOf(user) : null;
  }

  @FieldResolver(() => Boolean, { description: 'Whether the account was deleted (its content stays, under a neutral name).' })
  isDeleted(@Root() user: DbUser): boolean {
    return user.deletedAt !== null;
  }

  @FieldResolver(() => Boolean, { nullable: true, description: 'Whether the account verified its e-mail address: only for the account itself, null for anyone else.' })
  emailVerified(@Root() user: DbUser, @Ctx() ctx: Context): boolean | null {
    return isOwnAccount(ctx, user.id) ? user.emailVerifiedAt !== null : null;
  }

  @FieldResolver(() => DateTimeScalar, { nullable: true, description: 'When membership of `school` was verified: only for the account itself, null for anyone else.' })
  schoolVerifiedAt(@Root() user: DbUser, @Ctx() ctx: Context): Date | null {
    return isOwnAccount(ctx, user.id) && verifiedSchoolIdOf(user) ? user.schoolVerifiedAt : null;
  }

  @FieldResolver(() => School, { nullable: true, description: 'The school the user is a verified member of, if any.' })
  school(@Root() user: DbUser, @Ctx() { loaders }: Context): Promise<DbSchool | null> | null {
    return loaders.school.verifiedSchoolOf(user);
  }
}
