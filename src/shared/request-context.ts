/**
 * Per-request values that code without access to the GraphQL context needs (formatError,
 * log lines from deep helpers). Set once per HTTP request in app.ts.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

interface RequestScope {
  requestId: string;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();

export function currentRequestId(): string | undefined {
  return requestScope.getStore()?.requestId;
}
