/**
 * What a person is told about a failed call. The API's errors carry `extensions.code` from
 * one closed set (README, "Errors"): switch on it, never on the message.
 */
import type { ApolloError } from '@apollo/client';

export function describeError(error: ApolloError): string {
  const graphQLError = error.graphQLErrors[0] ?? (error.networkError as { result?: { errors?: ApolloError['graphQLErrors'] } } | null)?.result?.errors?.[0];
  const extensions = graphQLError?.extensions ?? {};
  switch (extensions.code) {
    case 'UNAUTHENTICATED':
      return 'Your session has ended. Please sign in again.';
    case 'NOT_FOUND':
      return 'This does not exist, or you cannot see it.';
    case 'FORBIDDEN':
      return graphQLError?.message ?? 'You are not allowed to do that.';
    case 'BAD_USER_INPUT':
    case 'CONFLICT': {
      const fields = (extensions.fields as { field: string; message: string }[] | undefined) ?? [];
      return fields.length > 0 ? fields.map((f) => f.message).join(' ') : (graphQLError?.message ?? 'Please check what you entered.');
    }
    case 'RATE_LIMITED':
      return `Too many requests. Try again in ${Number(extensions.retryAfterSeconds ?? 60)} seconds.`;
    case 'INTERNAL_SERVER_ERROR':
      return `Something went wrong on our side (request ${String(extensions.requestId ?? 'unknown')}). Please try again later.`;
    default:
      return error.networkError ? 'The server cannot be reached. Check your connection and try again.' : error.message;
  }
}

export function ErrorNotice({ error }: { error: ApolloError | undefined }) {
  if (!error) return null;
  return (
    <p role="alert" className="error">
      {describeError(error)}
    </p>
  );
}
