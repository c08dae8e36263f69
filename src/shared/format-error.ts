/**
 * Apollo `formatError`: the single place where errors become what clients see.
 *
 * Contract: it never throws, and every error leaves with a code from the closed set in
 * errors.ts. AppErrors pass through with their own extensions; Apollo's parse, validation
 * and request errors keep their message with submitted values removed; TypeGraphQL's
 * argument-validation error becomes BAD_USER_INPUT with `fields`; everything else (a bug,
 * a database fault, a Prisma error) is logged with the request id and answered as a bare
 * INTERNAL_SERVER_ERROR, since Apollo Server 5 would otherwise return the raw message; an
 * unreachable database is SERVICE_UNAVAILABLE instead (HTTP 503, see
 * service-unavailable.ts), logged as a warning.
 */
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError } from 'type-graphql';
import type { ValidationError } from 'class-validator';
import { isDatabaseUnavailable } from './database-unavailable';
import { AppError, ErrorCode, SERVICE_UNAVAILABLE_MESSAGE, SERVICE_UNAVAILABLE_RETRY_SECONDS, type FieldProblem } from './errors';
import type { Logger } from './logger';
import { currentRequestId } from './request-context';

/** Apollo and graphql-js codes that describe a client mistake, mapped into our set. */
const CLIENT_ERROR_CODES: Record<string, ErrorCode> = {
  GRAPHQL_PARSE_FAILED: ErrorCode.GRAPHQL_PARSE_FAILED,
  GRAPHQL_VALIDATION_FAILED: ErrorCode.GRAPHQL_VALIDATION_FAILED,
  INTROSPECTION_DISABLED: ErrorCode.GRAPHQL_VALIDATION_FAILED,
  MAX_RECURSIVE_SELECTIONS_EXCEEDED: ErrorCode.GRAPHQL_VALIDATION_FAILED,
  BAD_USER_INPUT: ErrorCode.BAD_USER_INPUT,
  BAD_REQUEST: ErrorCode.BAD_USER_INPUT,
  OPERATION_RESOLUTION_FAILURE: ErrorCode.BAD_USER_INPUT,
  PERSISTED_QUERY_NOT_FOUND: ErrorCode.BAD_USER_INPUT,
  PERSISTED_QUERY_NOT_SUPPORTED: ErrorCode.BAD_USER_INPUT,
};

/**
 * graphql-js quotes the offending value in coercion messages
 * (`Variable "$input" got invalid value "hunter2" at "input.age"; Int cannot represent
 * non-integer value: "hunter2"`). Strip the values: they may be passwords.
 */
export function redactValues(message: string): string {
  return message
    .replace(/got invalid value .*?(?=( at "|; |$))/s, 'got an invalid value')
    .replace(/(cannot represent[^:;]*?value): .*?(?=(; |$))/s, '$1')
    .replace(/(Expected value of type "[^"]+"), found .*?(?=(; |$))/s, '$1')
    .replace(/(Expected type "[^"]+"), found .*?(?=(; |\.$|$))/s, '$1');
}

function validationFields(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...validationFields(error.children ?? [], field)];
  });
}

function variablePath(message: string): string | undefined {
  const match = /Variable "\$([^"]+)"(?: got an invalid value)?(?: at "([^"]+)")?/.exec(message);
  return match ? (match[2] ?? match[1]) : undefined;
}

export function createFormatError(logger: Logger) {
  return function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
    try {
      const original = unwrapResolverError(error);
      const { message, locations, path } = formatted;

      if (original instanceof AppError) {
        const { http: _http, ...extensions } = original.extensions;
        if (original.code === ErrorCode.SERVICE_UNAVAILABLE) {
          // Raised before execution (the session check): reported like the ones raised during it.
          const requestId = currentRequestId();
          logger.warn({ err: original.originalError ?? original, requestId, path }, 'database unavailable while handling a GraphQL request');
          return { message: original.message, locations, path, extensions: { ...extensions, ...(requestId ? { requestId } : {}) } };
        }
        return { message: original.message, locations, path, extensions };
      }
      if (original instanceof ArgumentValidationError) {
        const fields = validationFields(original.extensions.validationErrors as ValidationError[]);
        return { message: 'Invalid input', locations, path, extensions: { code: ErrorCode.BAD_USER_INPUT, fields } };
      }
      if (original instanceof GraphQLError && original.extensions?.code === 'UNAUTHORIZED') {
        return { message: 'You are not allowed to do this', locations, path, extensions: { code: ErrorCode.FORBIDDEN } };
      }
      const clientCode = CLIENT_ERROR_CODES[String(formatted.extensions?.code)];
      // Apollo gives these codes to request-level client mistakes (no `path`). A resolver's
      // own GraphQLError is not trusted with them (it could carry internal details).
      if (clientCode && path === undefined) {
        const safeMessage = redactValues(message);
        const field = clientCode === ErrorCode.BAD_USER_INPUT ? variablePath(safeMessage) : undefined;
        return {
          message: safeMessage,
          locations,
          extensions: { code: clientCode, ...(field ? { fields: [{ field, message: safeMessage }] } : {}) },
        };
      }

      const requestId = currentRequestId();
      if (isDatabaseUnavailable(original)) {
        // An outage, not a defect: a warning (the pool logs the cause), and a code clients can back off on.
        logger.warn({ err: original, requestId, path }, 'database unavailable while handling a GraphQL request');
        return {
          message: SERVICE_UNAVAILABLE_MESSAGE,
          locations,
          path,
          extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, retryAfterSeconds: SERVICE_UNAVAILABLE_RETRY_SECONDS, ...(requestId ? { requestId } : {}) },
        };
      }
      logger.error({ err: original, requestId, path }, 'internal error while handling a GraphQL request');
      return {
        message: 'Internal server error',
        locations,
        path,
        extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, ...(requestId ? { requestId } : {}) },
      };
    } catch {
      return { message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
    }
  };
}
