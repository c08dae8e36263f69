import { Arg, Args, Authorized, Mutation, Resolver } from 'type-graphql';
import { CurrentViewer } from '../../auth/current-viewer';
import { Role, type Viewer } from '../../auth/viewer';
import type { User as DbUser } from '../../generated/prisma/client';
import { User } from './account.types';
import { ApproveMembershipArgs, RequestSchoolVerificationInput, VerificationTokenArgs } from './verification.inputs';
import type { VerificationService } from './verification.service';

@Resolver()
export class VerificationResolver {
  constructor(private readonly verification: VerificationService) {}

  @Authorized()
  @Mutation(() => Boolean, { description: "Mails a new verification link to the viewer's address. Throttled per account; BAD_USER_INPUT when already verified." })
  requestEmailVerification(@CurrentViewer() viewer: Viewer): Promise<boolean> {
    return this.verification.requestEmailVerification(viewer);
  }

  @Mutation(() => Boolean, {
    description: 'Verifies the address a verification mail was sent to (and, for an address at a school domain, membership of that school). Single use. Public: the token is the proof.',
  })
  verifyEmail(@Args(() => VerificationTokenArgs) args: VerificationTokenArgs): Promise<boolean> {
    return this.verification.verifyEmail(args.token);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: "Mails a membership link to an address at the school's domain. Throttled per account." })
  requestSchoolVerification(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => RequestSchoolVerificationInput, { description: 'The school and the address at its domain.' }) input: RequestSchoolVerificationInput,
  ): Promise<boolean> {
    return this.verification.requestSchoolVerification(viewer, input);
  }

  @Mutation(() => Boolean, {
    description: 'Makes the account that asked a verified member of the school (single use). The address verifies one account at a time: any account it verified before loses that membership. Public: the token is the proof.',
  })
  verifySchoolEmail(@Args(() => VerificationTokenArgs) args: VerificationTokenArgs): Promise<boolean> {
    return this.verification.verifySchoolEmail(args.token);
  }

  @Authorized(Role.STAFF)
  @Mutation(() => User, { description: 'STAFF: makes an account a verified member of a school without an e-mail proof (schools without a domain). NOT_FOUND for an unknown account or school.' })
  approveMembership(@CurrentViewer() viewer: Viewer, @Args(() => ApproveMembershipArgs) args: ApproveMembershipArgs): Promise<DbUser> {
    return this.verification.approveMembership(viewer, args.userId, args.schoolId);
  }
}
