/**
 * Per-request values that code without access to the GraphQL context needs (formatError,
 * log lines from deep helpers). Set once per HTTP request in app.ts.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

interface RequestScope {
  requestId: string;
  /** SQL statements sent to PostgreSQL while serving this request (see db/prisma.ts). */
  sqlStatements?: number;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();

export function currentRequestId(): string | undefined {
  return requestScope.getStore()?.requestId;
}

/** Counts one SQL statement against the current request, if any. */
export function countSqlStatement(): void {
  const scope = requestScope.getStore();
  if (scope) scope.sqlStatements = (scope.sqlStatements ?? 0) + 1;
}
