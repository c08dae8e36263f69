/**
 * The transactional outbox. A service writes its events with `record(tx, …)` inside the
 * transaction that makes the change, and hands the returned batch to `release` once that
 * transaction has committed: the rows are then deleted and published on the event bus. A
 * rolled-back transaction takes its rows with it, so nothing is ever announced that did not
 * happen.
 *
 * `release` claims exactly the rows its caller wrote, so each instance publishes its own
 * events (they stay instance-local while Redis is away, as the bus documents). Rows left
 * behind by a crash between commit and release are published by a sweep on any instance
 * once they are older than `STRANDED_AFTER_MS`. Delivery is at most once: realtime clients
 * re-read with queries after a reconnect.
 */
import type { Db } from '../db/prisma';
import type { Prisma } from '../generated/prisma/client';
import type { Logger } from '../shared/logger';
import { requestScope } from '../shared/request-context';
import type { EventBus } from './event-bus';
import { TOPICS, type Topic, type Topics } from './topics';

type Tx = Prisma.TransactionClient;

/** An event to write: its topic and payload. */
export type OutboxEntry = { [T in Topic]: { topic: T; payload: Topics[T] } }[Topic];

/** The rows one transaction wrote, to publish after it commits. */
export type OutboxBatch = readonly bigint[];

/** How old an unpublished row must be before the sweep takes it (its writer has had time to). */
const STRANDED_AFTER_MS = 5_000;
const SWEEP_EVERY_MS = 2_000;
const SWEEP_BATCH = 500;

interface OutboxRow {
  id: bigint;
  topic: string;
  payload: unknown;
}

export class Outbox {
  private sweepTimer: NodeJS.Timeout | null = null;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly logger: Logger,
  ) {}

  /** Writes `entries` in the caller's transaction (one statement). */
  async record(tx: Tx, entries: OutboxEntry[]): Promise<OutboxBatch> {
    if (entries.length === 0) return [];
    const rows = await tx.outboxEvent.createManyAndReturn({
      data: entries.map((entry) => ({ topic: entry.topic, payload: entry.payload as Prisma.InputJsonValue })),
      select: { id: true },
    });
    return rows.map((row) => row.id);
  }

  /**
   * Publishes a committed batch: returns at once, the rows are claimed and published in the
   * background, outside the caller's request (its SQL statement count is not affected).
   */
  release(batch: OutboxBatch): void {
    if (batch.length === 0) return;
    requestScope.exit(() => {
      const work = this.claimAndPublish(batch).catch((error: unknown) => this.logger.warn({ err: error }, 'could not publish outbox events (the sweep retries)'));
      this.inFlight.add(work);
      void work.finally(() => this.inFlight.delete(work));
    });
  }

  /** Starts the sweep of stranded rows. */
  start(): void {
    this.sweepTimer ??= setInterval(() => void this.sweep(), SWEEP_EVERY_MS);
    this.sweepTimer.unref();
  }

  /** Stops the sweep and waits for publications under way. */
  async stop(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    await Promise.allSettled([...this.inFlight]);
  }

  private async claimAndPublish(ids: OutboxBatch): Promise<void> {
    const rows = await this.db.$queryRaw<OutboxRow[]>`
      DELETE FROM outbox_events WHERE id = ANY(${ids}::bigint[]) RETURNING id, topic, payload`;
    this.publish(rows);
  }

  private async sweep(): Promise<void> {
    try {
      const rows = await this.db.$queryRaw<OutboxRow[]>`
        DELETE FROM outbox_events WHERE id IN (
          SELECT id FROM outbox_events WHERE created_at < now() - make_interval(secs => ${STRANDED_AFTER_MS / 1000})
          ORDER BY id LIMIT ${SWEEP_BATCH} FOR UPDATE SKIP LOCKED)
        RETURNING id, topic, payload`;
      if (rows.length > 0) this.logger.info({ count: rows.length }, 'published stranded outbox events');
      this.publish(rows);
    } catch (error) {
      this.logger.warn({ err: error }, 'outbox sweep failed (retried on the next round)');
    }
  }

  private publish(rows: OutboxRow[]): void {
    for (const row of rows.sort((a, b) => (a.id < b.id ? -1 : 1))) {
      const topic = row.topic as Topic;
      if (TOPICS.includes(topic)) this.bus.publish(topic, row.payload as never);
    }
  }
}
