/**
 * The one error hierarchy. Every error a client can see carries a code from the closed
 * set `ErrorCode` (also a GraphQL enum, so clients can switch on it). Anything else thrown
 * is masked as INTERNAL_SERVER_ERROR by format-error.ts.
 */
import { GraphQLError } from 'graphql';

export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  /** A FORBIDDEN case clients can act on: verify the account's e-mail address first. */
  EMAIL_NOT_VERIFIED = 'EMAIL_NOT_VERIFIED',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  CONFLICT = 'CONFLICT',
  RATE_LIMITED = 'RATE_LIMITED',
  ACCOUNT_SUSPENDED = 'ACCOUNT_SUSPENDED',
  GRAPHQL_PARSE_FAILED = 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
  /** The database cannot be reached for now (HTTP 503 with Retry-After): back off and retry. */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
}

/** One invalid input field; `message` never contains the submitted value. */
export interface FieldProblem {
  field: string;
  message: string;
}

interface AppErrorOptions {
  cause?: unknown;
  /** HTTP status and headers for the response (Apollo reads `extensions.http`; formatError hides it). */
  httpStatus?: number;
  httpHeaders?: Record<string, string>;
}

export abstract class AppError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    extensions: Record<string, unknown> = {},
    options: AppErrorOptions = {},
  ) {
    const http = options.httpStatus
      ? { http: { status: options.httpStatus, headers: new Map(Object.entries(options.httpHeaders ?? {})) } }
      : {};
    super(message, {
      originalError: options.cause instanceof Error ? options.cause : undefined,
      extensions: { ...extensions, code, ...http },
    });
    this.name = new.target.name;
  }
}

export class UnauthenticatedError extends AppError {
  /** `httpStatus` 401 when thrown before execution (bad token); resolvers answer 200. */
  constructor(message = 'Authentication required', options: { httpStatus?: number } = {}) {
    super(ErrorCode.UNAUTHENTICATED, message, {}, options);
  }
}

/** Login failed: one message whether the account is unknown or the password is wrong. */
export class InvalidCredentialsError extends AppError {
  constructor() {
    super(ErrorCode.UNAUTHENTICATED, 'Invalid login or password');
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do this') {
    super(ErrorCode.FORBIDDEN, message);
  }
}

/**
 * FORBIDDEN, for a reason the user can fix: the account has not verified its e-mail
 * address (src/auth/membership.ts). Its own code so that clients can offer to resend the mail.
 */
export class EmailNotVerifiedError extends AppError {
  constructor() {
    super(ErrorCode.EMAIL_NOT_VERIFIED, 'Verify your e-mail address first (see requestEmailVerification)');
  }
}

export class NotFoundError extends AppError {
  /** `what` is a type name ("Post"), never an id. */
  constructor(what: string) {
    super(ErrorCode.NOT_FOUND, `${what} not found`);
  }
}

export class UserInputError extends AppError {
  constructor(readonly fields: FieldProblem[], message = 'Invalid input') {
    super(ErrorCode.BAD_USER_INPUT, message, { fields });
  }

  static field(field: string, message: string): UserInputError {
    return new UserInputError([{ field, message }], `${field}: ${message}`);
  }
}

export class ConflictError extends AppError {
  /** e.g. `new ConflictError('email', 'is already registered')`. */
  constructor(field: string, message: string, options: { cause?: unknown } = {}) {
    super(ErrorCode.CONFLICT, `${field} ${message}`, { fields: [{ field, message }] }, options);
  }
}

export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(ErrorCode.RATE_LIMITED, 'Too many attempts, try again later', { retryAfterSeconds }, {
      httpStatus: 429,
      httpHeaders: { 'retry-after': String(retryAfterSeconds) },
    });
  }
}

/**
 * Sign-in or refresh of a suspended account. Only said to a caller who proved they hold the
 * account (right password, or one of its refresh tokens), so it reveals nothing to others.
 * `suspendedUntil` is an ISO-8601 instant, or null for an indefinite suspension.
 */
export class AccountSuspendedError extends AppError {
  constructor(readonly suspendedUntil: Date | null) {
    super(ErrorCode.ACCOUNT_SUSPENDED, suspendedUntil ? `This account is suspended until ${suspendedUntil.toISOString()}` : 'This account is suspended', {
      suspendedUntil: suspendedUntil?.toISOString() ?? null,
    });
  }
}

/** How long clients are asked to wait before retrying while the database is unreachable. */
export const SERVICE_UNAVAILABLE_RETRY_SECONDS = 5;

export const SERVICE_UNAVAILABLE_MESSAGE = 'Service temporarily unavailable, retry later';

/** The database cannot be reached right now (see database-unavailable.ts): HTTP 503 with Retry-After. */
export class ServiceUnavailableError extends AppError {
  constructor(options: { cause?: unknown } = {}) {
    super(ErrorCode.SERVICE_UNAVAILABLE, SERVICE_UNAVAILABLE_MESSAGE, { retryAfterSeconds: SERVICE_UNAVAILABLE_RETRY_SECONDS }, {
      cause: options.cause,
      httpStatus: 503,
      httpHeaders: { 'retry-after': String(SERVICE_UNAVAILABLE_RETRY_SECONDS) },
    });
  }
}
