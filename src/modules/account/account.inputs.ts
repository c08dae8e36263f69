import { isEmail, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min, MinLength, ValidateBy } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { IsId } from '../../shared/ids';
import { MaxText } from '../../shared/text';
import { IsTimeZoneName } from '../../shared/time-zone';

/** Upper bound on any password-like argument before the policy runs (bytes are checked later). */
const SECRET_MAX_LENGTH = 256;
/** Generous: a wrong kind of token (e.g. an access token) should fail as UNAUTHENTICATED, not as input. */
const TOKEN_MAX_LENGTH = 4096;

/** An e-mail address once surrounding spaces are trimmed (the service stores it trimmed). Every e-mail input uses it. */
export function IsEmailAddress() {
  return ValidateBy({
    name: 'isEmailAddress',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isEmail(value.trim()),
      defaultMessage: () => 'must be a valid e-mail address',
    },
  });
}
export const USERNAME_PATTERN = /^[A-Za-z0-9_]{3,20}$/;
export const NICKNAME_MAX_LENGTH = 30;
export const MIN_ADMISSION_YEAR = 1950;
export const MAX_ADMISSION_YEAR = 2100;

@InputType('SignupInput', { description: 'A new account.' })
export class SignupInput {
  @Field(() => String, { description: 'E-mail address; stored trimmed and lower-cased, unique.' })
  @IsEmailAddress()
  @MaxLength(254, { message: 'must be at most 254 characters' })
  email!: string;

  @Field(() => String, { description: '3-20 letters, digits or underscores; unique regardless of case.' })
  @Matches(USERNAME_PATTERN, { message: 'must be 3-20 letters, digits or underscores' })
  username!: string;

  @Field(() => String, { description: '8-72 bytes (about 72 Latin or 24 Korean characters); not your e-mail or username.' })
  @IsString()
  @MaxLength(SECRET_MAX_LENGTH, { message: 'must be at most 72 bytes' })
  password!: string;

  @Field(() => String, { nullable: true, description: `Display name, 1-${NICKNAME_MAX_LENGTH} characters, shown to others; defaults to a generated one (never the username, which others never see).` })
  @IsOptional()
  // Blank (but not empty) text passes here: the service answers it (cannot be empty, or a default).
  @MinLength(1, { message: `must be 1-${NICKNAME_MAX_LENGTH} characters` })
  @MaxText(NICKNAME_MAX_LENGTH, { message: `must be 1-${NICKNAME_MAX_LENGTH} characters` })
  nickname?: string | null;

  @Field(() => Int, { nullable: true, description: 'Year the user entered their school (학번).' })
  @IsOptional()
  @IsInt()
  @Min(MIN_ADMISSION_YEAR, { message: `must be ${MIN_ADMISSION_YEAR} or later` })
  @Max(MAX_ADMISSION_YEAR, { message: `must be ${MAX_ADMISSION_YEAR} or earlier` })
  admissionYear?: number | null;
}

@InputType('LoginInput', { description: 'Credentials.' })
export class LoginInput {
  @Field(() => String, { description: 'E-mail address or username.' })
  @IsString()
  @Length(1, 254, { message: 'must be 1-254 characters' })
  login!: string;

  @Field(() => String, { description: 'The password.' })
  @IsString()
  @Length(1, SECRET_MAX_LENGTH, { message: `must be 1-${SECRET_MAX_LENGTH} characters` })
  password!: string;
}

@ArgsType()
export class RefreshArgs {
  @Field(() => String, { nullable: true, description: 'The refresh token; may be omitted when the refresh cookie carries it.' })
  @IsOptional()
  @MaxLength(TOKEN_MAX_LENGTH, { message: 'is not a valid refresh token' })
  refreshToken?: string | null;
}

@InputType('ChangePasswordInput', { description: 'A password change; other sessions are signed out.' })
export class ChangePasswordInput {
  @Field(() => String, { description: 'The current password.' })
  @IsString()
  @Length(1, SECRET_MAX_LENGTH, { message: `must be 1-${SECRET_MAX_LENGTH} characters` })
  currentPassword!: string;

  @Field(() => String, { description: 'The new password (same rules as at sign-up).' })
  @IsString()
  @MaxLength(SECRET_MAX_LENGTH, { message: 'must be at most 72 bytes' })
  newPassword!: string;
}

@ArgsType()
export class RequestPasswordResetArgs {
  @Field(() => String, { description: 'E-mail address of the account.' })
  @IsString()
  @MaxLength(254, { message: 'must be at most 254 characters' })
  email!: string;
}

@InputType('ResetPasswordInput', { description: 'Completes a password reset with the token from the e-mail.' })
export class ResetPasswordInput {
  @Field(() => String, { description: 'The token from the reset link.' })
  @IsString()
  @MaxLength(TOKEN_MAX_LENGTH, { message: 'is invalid or expired' })
  token!: string;

  @Field(() => String, { description: 'The new password (same rules as at sign-up).' })
  @IsString()
  @MaxLength(SECRET_MAX_LENGTH, { message: 'must be at most 72 bytes' })
  newPassword!: string;
}

@ArgsType()
export class DeleteAccountArgs {
  @Field(() => String, { description: 'The current password, to confirm.' })
  @IsString()
  @Length(1, SECRET_MAX_LENGTH, { message: `must be 1-${SECRET_MAX_LENGTH} characters` })
  password!: string;
}

@InputType('UpdateProfileInput', { description: 'Profile changes; omitted fields stay as they are, null clears.' })
export class UpdateProfileInput {
  @Field(() => String, { nullable: true, description: `Display name, 1-${NICKNAME_MAX_LENGTH} characters (cannot be cleared).` })
  @IsOptional()
  // Blank (but not empty) text passes here: the service answers it (cannot be empty, or a default).
  @MinLength(1, { message: `must be 1-${NICKNAME_MAX_LENGTH} characters` })
  @MaxText(NICKNAME_MAX_LENGTH, { message: `must be 1-${NICKNAME_MAX_LENGTH} characters` })
  nickname?: string | null;

  @Field(() => Int, { nullable: true, description: 'Year the user entered their school.' })
  @IsOptional()
  @IsInt()
  @Min(MIN_ADMISSION_YEAR, { message: `must be ${MIN_ADMISSION_YEAR} or later` })
  @Max(MAX_ADMISSION_YEAR, { message: `must be ${MAX_ADMISSION_YEAR} or earlier` })
  admissionYear?: number | null;

  @Field(() => String, { nullable: true, description: 'IANA time zone, e.g. "Asia/Seoul" (any case); null clears it (the server default applies); "" is refused.' })
  @IsOptional()
  @IsTimeZoneName()
  timeZone?: string | null;

  @Field(() => ID, { nullable: true, description: 'A new profile picture: an AVATAR upload of the viewer (requestUpload), checked when bound; null removes it.' })
  @IsOptional()
  @IsId()
  avatarUploadId?: string | null;
}
