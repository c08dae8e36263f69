/**
 * Subscriptions are not served over HTTP POST (one response per request cannot carry a
 * stream): such an operation is refused before execution with HTTP 400 naming the
 * operation type, instead of reaching the executor (which answered 500). A realtime
 * transport (WebSocket) is separate from this endpoint's POST handling.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { AppError, ErrorCode } from '../shared/errors';

/** The operation types this endpoint executes over HTTP. */
const HTTP_OPERATION_TYPES = new Set(['query', 'mutation']);

export class UnsupportedOperationTypeError extends AppError {
  constructor(type: string) {
    super(ErrorCode.GRAPHQL_VALIDATION_FAILED, `Operation type "${type}" is not supported over HTTP; send a query or a mutation.`, {}, { httpStatus: 400 });
  }
}

export function operationTypePlugin(): ApolloServerPlugin<object> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation && !HTTP_OPERATION_TYPES.has(operation.operation)) throw new UnsupportedOperationTypeError(operation.operation);
        },
      };
    },
  };
}
