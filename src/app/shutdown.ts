/**
 * A step of createApp (src/app.ts): Graceful stop. Refuse new work, let in-flight requests
 * finish (cut after SHUTDOWN_GRACE_MS so that shutdown always ends), then close the
 * infrastructure with the database last. Idempotent: every call returns the same promise.
 */
import type { ApolloServer } from '@apollo/server';
import type { FastifyInstance } from 'fastify';
import type { Context } from '../context';
import { closeInfrastructure, type AppInfrastructure } from './infrastructure';

export interface Stoppable {
  http: FastifyInstance;
  apollo: ApolloServer<Context>;
  infra: AppInfrastructure;
  graceMs: number;
  /** Cancels the housekeeping timers. */
  stopHousekeeping: () => void;
  /** Stops the job worker (resolves when the job in progress has finished). */
  stopJobWorker: () => Promise<void>;
}

export function gracefulStop(parts: Stoppable): { stop: () => Promise<void>; isStopping: () => boolean } {
  let stopping: Promise<void> | null = null;
  const { http, apollo } = parts;
  const stop = () => {
    stopping ??= (async () => {
      parts.stopHousekeeping();
      // Requests still running after the grace period are cut so that shutdown always ends.
      const force = setTimeout(() => http.server.closeAllConnections(), parts.graceMs);
      // Keep-alive sockets that finish their last request after close() began would otherwise
      // stay open until their idle timeout; close each as soon as it is idle.
      const sweepIdle = setInterval(() => http.server.closeIdleConnections(), 100);
      force.unref();
      try {
        await http.close();
        await apollo.stop();
      } finally {
        clearTimeout(force);
        clearInterval(sweepIdle);
        await closeInfrastructure(parts.infra, parts.stopJobWorker);
      }
    })();
    return stopping;
  };
  return { stop, isStopping: () => stopping !== null };
}
