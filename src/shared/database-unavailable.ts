/**
 * Whether an error means "the database cannot be reached right now" (down, restarting,
 * network cut, pool exhausted, connections refused) rather than a bug or a bad query. Such
 * errors answer HTTP 503 SERVICE_UNAVAILABLE with Retry-After, so clients back off and
 * retry instead of reporting a server defect (format-error.ts, service-unavailable.ts).
 *
 * The same failure reaches us in several wrappings: pg's own errors (queryRows and the
 * session check use the pool directly), @prisma/adapter-pg's DriverAdapterError (`kind`),
 * and Prisma's PrismaClient*Error (`code` P1xxx / P2024). Timeouts of a single statement or
 * lock (57014, 55P03) are not outages and stay internal errors.
 */

/** Prisma: can't reach server, timed out, connection closed, pool timeout. */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** Node socket errors. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'EAI_AGAIN']);
/** PostgreSQL SQLSTATEs: admin/crash shutdown, cannot connect now, too many connections (class 08 below). */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** @prisma/adapter-pg error kinds. */
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
/** pg and pg-pool raise these as plain Errors; the last one is src/db/prisma.ts's own. */
const MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Can't reach database server|Server has closed the connection|Timed out fetching a new connection|connection ended while checked out/i;

function isUnavailableHere(error: Record<string, unknown>): boolean {
  const code = typeof error.code === 'string' ? error.code : '';
  if (PRISMA_CODES.has(code) || SOCKET_CODES.has(code) || SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  if (typeof error.kind === 'string' && ADAPTER_KINDS.has(error.kind)) return true;
  if (error.name === 'PrismaClientInitializationError') return true;
  return typeof error.message === 'string' && MESSAGES.test(error.message);
}

/** Looks through the usual wrappers (cause, originalError, Prisma's meta.driverAdapterError), a few levels deep. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const pending: unknown[] = [error];
  for (let seen = 0; pending.length > 0 && seen < 16; seen++) {
    const current = pending.shift();
    if (!current || typeof current !== 'object') continue;
    const record = current as Record<string, unknown>;
    if (isUnavailableHere(record)) return true;
    const meta = record.meta as Record<string, unknown> | undefined;
    pending.push(record.cause, record.originalError, meta?.driverAdapterError);
  }
  return false;
}
