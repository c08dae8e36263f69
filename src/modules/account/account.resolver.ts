import { Arg, Args, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { CurrentViewer } from '../../auth/current-viewer';
import type { Viewer } from '../../auth/viewer';
import type { Context } from '../../context';
import {
  ChangePasswordInput,
  DeleteAccountArgs,
  LoginInput,
  RefreshArgs,
  RequestPasswordResetArgs,
  ResetPasswordInput,
  SignupInput,
} from './account.inputs';
import type { AccountService, SignedIn } from './account.service';
import { AuthPayload, Session } from './account.types';
import type { SessionService } from './session.service';
import { IdArg } from '../../shared/ids';

/** Hands tokens to the client: in the payload, and in the refresh cookie when that transport is on. */
async function deliver(ctx: Context, signedIn: Promise<SignedIn>): Promise<SignedIn> {
  const result = await signedIn;
  ctx.signedInAs = result.user.id;
  ctx.refreshCookie?.set(result.refreshToken, result.refreshTokenExpiresAt);
  return result;
}

async function clearCookieAfter(ctx: Context, done: Promise<void>): Promise<boolean> {
  await done;
  ctx.refreshCookie?.clear();
  return true;
}

@Resolver()
export class AccountResolver {
  constructor(
    private readonly accounts: AccountService,
    private readonly sessionService: SessionService,
  ) {}

  @Mutation(() => AuthPayload, { description: 'Creates an account and signs it in. Public; throttled per IP.' })
  signup(@Arg('input', () => SignupInput, { description: 'The new account.' }) input: SignupInput, @Ctx() ctx: Context): Promise<SignedIn> {
    return deliver(ctx, this.accounts.signup(input, ctx.client));
  }

  @Mutation(() => AuthPayload, { description: 'Signs in with an e-mail or username. Public; throttled per IP and per account.' })
  login(@Arg('input', () => LoginInput, { description: 'The credentials.' }) input: LoginInput, @Ctx() ctx: Context): Promise<SignedIn> {
    return deliver(ctx, this.accounts.login(input, ctx.client));
  }

  @Mutation(() => AuthPayload, {
    description: 'Exchanges a refresh token (argument or cookie) for a new pair; the old one stops working. Presenting a used token signs the whole session out. Public.',
  })
  refresh(@Args(() => RefreshArgs) args: RefreshArgs, @Ctx() ctx: Context): Promise<SignedIn> {
    return deliver(ctx, this.accounts.refresh(args.refreshToken ?? ctx.refreshCookie?.read(), ctx.client));
  }

  @Mutation(() => Boolean, {
    description: 'Signs out the session of this refresh token (argument or cookie), or else the caller\'s current session. Always true. Public.',
  })
  logout(@Args(() => RefreshArgs) args: RefreshArgs, @Ctx() ctx: Context): Promise<boolean> {
    return clearCookieAfter(ctx, this.accounts.logout(ctx.viewer, args.refreshToken ?? ctx.refreshCookie?.read()));
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Signs out every session of the viewer, this one included.' })
  logoutAll(@CurrentViewer() viewer: Viewer, @Ctx() ctx: Context): Promise<boolean> {
    return clearCookieAfter(ctx, this.accounts.logoutAll(viewer));
  }

  @Authorized()
  @Mutation(() => AuthPayload, { description: 'Changes the password, signs out every other session, and returns new tokens for this one.' })
  changePassword(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => ChangePasswordInput, { description: 'The current and the new password.' }) input: ChangePasswordInput,
    @Ctx() ctx: Context,
  ): Promise<SignedIn> {
    return deliver(ctx, this.accounts.changePassword(viewer, input));
  }

  @Mutation(() => Boolean, { description: 'Mails a password-reset link if the address has an account. Always true. Public; throttled per IP.' })
  requestPasswordReset(@Args(() => RequestPasswordResetArgs) args: RequestPasswordResetArgs, @Ctx() ctx: Context): Promise<boolean> {
    return this.accounts.requestPasswordReset(args.email, ctx.client);
  }

  @Mutation(() => Boolean, { description: 'Sets a new password with the token from the reset mail and signs out every session. Public.' })
  resetPassword(@Arg('input', () => ResetPasswordInput, { description: 'The token from the mail and the new password.' }) input: ResetPasswordInput, @Ctx() ctx: Context): Promise<boolean> {
    return this.accounts.resetPassword(input, ctx.client);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Deletes the account: signs out everywhere and removes personal data. Content stays, under "(deleted user)".' })
  deleteAccount(@CurrentViewer() viewer: Viewer, @Args(() => DeleteAccountArgs) args: DeleteAccountArgs, @Ctx() ctx: Context): Promise<boolean> {
    return clearCookieAfter(ctx, this.accounts.deleteAccount(viewer, args.password));
  }

  @Authorized()
  @Query(() => [Session], { description: "The viewer's signed-in sessions, most recently used first." })
  sessions(@CurrentViewer() viewer: Viewer): Promise<Session[]> {
    return this.sessionService.listLive(viewer);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Signs out one of the viewer\'s sessions. NOT_FOUND for any other id.' })
  revokeSession(@CurrentViewer() viewer: Viewer, @IdArg('id', 'A session id from `sessions`.') id: string): Promise<boolean> {
    return this.sessionService.revokeOwn(viewer, id);
  }
}
