/**
 * /health (the process answers) and /ready (the database answers within 2 s and every
 * migration of this build is applied; 503 while stopping).
 */
import type { FastifyInstance } from 'fastify';
import { appliedMigrationNames, pendingMigrations, type Migration } from '../db/migrations';
import type { Db } from '../db/prisma';

const READINESS_TIMEOUT_MS = 2_000;

async function checkReadiness(db: Db, migrations: Migration[], timeoutMs: number): Promise<{ ok: boolean; detail: Record<string, unknown> }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('readiness check timed out')), timeoutMs);
  });
  try {
    const pending = pendingMigrations(await Promise.race([appliedMigrationNames(db), timeout]), migrations);
    if (pending.length > 0) return { ok: false, detail: { status: 'migrations pending', pending } };
    return { ok: true, detail: { status: 'ready' } };
  } catch {
    return { ok: false, detail: { status: 'database unavailable' } };
  } finally {
    clearTimeout(timer);
  }
}

/** @param isStopping true once createApp's stop() has begun. */
export function registerHealthRoutes(http: FastifyInstance, db: Db, migrations: Migration[], isStopping: () => boolean): void {
  http.get('/health', async () => ({ status: 'ok' }));
  http.get('/ready', async (_request, reply) => {
    if (isStopping()) return reply.code(503).send({ status: 'stopping' });
    const { ok, detail } = await checkReadiness(db, migrations, READINESS_TIMEOUT_MS);
    return reply.code(ok ? 200 : 503).send(detail);
  });
}
