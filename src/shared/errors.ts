/**
 * The one error hierarchy. Every error a client can see carries a code from the closed
 * set `ErrorCode` (also a GraphQL enum, so clients can switch on it). Anything else thrown
 * is masked as INTERNAL_SERVER_ERROR by format-error.ts.
 */
import { GraphQLError } from 'graphql';

export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  CONFLICT = 'CONFLICT',
  RATE_LIMITED = 'RATE_LIMITED',
  GRAPHQL_PARSE_FAILED = 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** One invalid input field; `message` never contains the submitted value. */
export interface FieldProblem {
  field: string;
  message: string;
}

export abstract class AppError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    extensions: Record<string, unknown> = {},
    options: { cause?: unknown; httpStatus?: number } = {},
  ) {
    super(message, {
      originalError: options.cause instanceof Error ? options.cause : undefined,
      extensions: { ...extensions, code, ...(options.httpStatus ? { http: { status: options.httpStatus } } : {}) },
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

export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do this') {
    super(ErrorCode.FORBIDDEN, message);
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
  constructor(field: string, message: string) {
    super(ErrorCode.CONFLICT, message, { fields: [{ field, message }] });
  }
}

export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(ErrorCode.RATE_LIMITED, 'Too many requests, try again later', { retryAfterSeconds }, { httpStatus: 429 });
  }
}
