import { Prisma } from '../generated/prisma/client';

/**
 * Whether `error` is a unique-constraint violation on `field` (a Prisma field name). With
 * the driver adapter, Prisma reports the violated columns as database column names or
 * field names depending on the path, so both are accepted.
 */
export function isUniqueViolation(error: unknown, field: string, column = field): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') return false;
  const meta = error.meta as { target?: unknown; driverAdapterError?: { cause?: { constraint?: { fields?: string[] } } } } | undefined;
  const targets = [
    ...(Array.isArray(meta?.target) ? meta.target : typeof meta?.target === 'string' ? [meta.target] : []),
    ...(meta?.driverAdapterError?.cause?.constraint?.fields ?? []),
  ].map(String);
  return targets.some((t) => t === field || t === column || t.includes(column));
}
