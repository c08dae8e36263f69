/**
 * A step of createApp (src/app.ts): The long-lived collaborators that hold connections, pools
 * or timers (database client, password workers, rate limiters, mailer, storage, event bus,
 * outbox). Everything built here is closed by `closeInfrastructure`, in an order that lets in-
 * flight work finish before the database goes.
 */
import { createMailer, type Mailer } from '../auth/mailer';
import { PasswordHasher } from '../auth/passwords';
import { SessionAccessTokenVerifier } from '../auth/session-verifier';
import { Throttle } from '../auth/throttle';
import { AccessTokens } from '../auth/tokens';
import type { Config } from '../config';
import { createPrismaClient, type Db } from '../db/prisma';
import { OperationBudget } from '../http/operation-budget';
import { JobQueue } from '../jobs/job-queue';
import { createStorage } from '../modules/media/storage/create-storage';
import type { ObjectStorage } from '../modules/media/storage/object-storage';
import { EventBus } from '../realtime/event-bus';
import { Outbox } from '../realtime/outbox';
import type { Logger } from '../shared/logger';
import { RateLimits } from '../shared/rate-limits';

export interface AppInfrastructure {
  db: Db;
  accessTokens: AccessTokens;
  verifier: SessionAccessTokenVerifier;
  passwords: PasswordHasher;
  rateLimits: RateLimits;
  throttle: Throttle;
  budget: OperationBudget;
  mailer: Mailer;
  jobs: JobQueue;
  storage: ObjectStorage;
  events: EventBus;
  outbox: Outbox;
}

/**
 * @param databaseUrl the database to use (createApp checked that config has one).
 * @param publicUrl where the local storage driver's links point (read when a link is made).
 */
export async function buildInfrastructure(
  config: Config,
  databaseUrl: string,
  logger: Logger,
  mailer: Mailer | undefined,
  publicUrl: () => string,
): Promise<AppInfrastructure> {
  const db = createPrismaClient(databaseUrl, config.db, logger);
  const accessTokens = new AccessTokens(config.auth);
  const rateLimits = RateLimits.create(config.redis.url, logger);
  const events = EventBus.create(config.redis.url, logger);
  return {
    db,
    accessTokens,
    verifier: new SessionAccessTokenVerifier(db, accessTokens, config.auth),
    passwords: new PasswordHasher(config.auth.bcryptCost, config.auth.passwordWorkers),
    rateLimits,
    throttle: Throttle.create(config.rateLimits, rateLimits),
    budget: OperationBudget.create(config.operationLimits, rateLimits),
    mailer: mailer ?? createMailer(config.mail, config.env, logger),
    jobs: new JobQueue(config.mail.maxAttempts),
    storage: await createStorage(config, publicUrl),
    events,
    outbox: new Outbox(db, events, logger),
  };
}

/** Closes what buildInfrastructure opened; the outbox first, the database last. */
export async function closeInfrastructure(infra: AppInfrastructure, closeJobWorker: () => Promise<void>): Promise<void> {
  await infra.outbox.stop();
  // A job in progress finishes first (a mail is sent at most once per attempt).
  await closeJobWorker();
  await Promise.allSettled([infra.passwords.close(), infra.rateLimits.close(), infra.storage.close(), infra.events.close(), infra.mailer.close?.()]);
  await infra.db.$disconnect();
}
