/**
 * The event bus between this instance's publishers and its subscribers, and between
 * instances.
 *
 * Every event is delivered to this instance's own listeners at once, in-process. With
 * REDIS_URL it is also published on one Redis channel per topic, through one publisher and
 * one subscriber connection per instance (ioredis reconnects both and re-subscribes by
 * itself); messages coming back from Redis carry the publishing instance's id, so an instance
 * ignores its own. While Redis is unreachable, publishing only reaches local listeners: the
 * subscriptions of this instance keep working with its own events, a warning is logged once
 * per outage, and fan-out resumes when the connections come back.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import type { Logger } from '../shared/logger';
import { TOPICS, type Topic, type Topics } from './topics';

export type Listener<T extends Topic> = (payload: Topics[T]) => void;

interface Envelope {
  origin: string;
  payload: unknown;
}

const CHANNEL_PREFIX = 'campus:events:';

export class EventBus {
  /** This instance, in envelopes (to skip its own messages coming back from Redis). */
  readonly instanceId = randomUUID();
  private readonly local = new EventEmitter();
  private degraded = false;

  private constructor(
    private readonly logger: Logger,
    private readonly publisher: Redis | null,
    private readonly subscriber: Redis | null,
  ) {
    // One listener per live subscription: thousands of sockets are expected.
    this.local.setMaxListeners(0);
  }

  /** In-process only, or fanned out through Redis when `redisUrl` is set. */
  static create(redisUrl: string | undefined, logger: Logger): EventBus {
    if (!redisUrl) return new EventBus(logger, null, null);
    // No offline queue: while Redis is down, publish() fails fast and the event stays local.
    const options = { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: (times: number) => Math.min(times * 200, 2000) };
    const publisher = new Redis(redisUrl, options);
    const subscriber = new Redis(redisUrl, { ...options, enableOfflineQueue: true, autoResubscribe: true });
    const bus = new EventBus(logger, publisher, subscriber);
    bus.watch(publisher, 'publisher');
    bus.watch(subscriber, 'subscriber');
    subscriber.subscribe(...TOPICS.map((topic) => CHANNEL_PREFIX + topic)).catch(() => undefined);
    subscriber.on('message', (channel: string, message: string) => bus.receive(channel, message));
    return bus;
  }

  /** Whether events reach the other instances right now (false without Redis). */
  get fannedOut(): boolean {
    return this.publisher?.status === 'ready' && this.subscriber?.status === 'ready';
  }

  /** Delivers to this instance's listeners now, and to the other instances' through Redis. */
  publish<T extends Topic>(topic: T, payload: Topics[T]): void {
    this.local.emit(topic, payload);
    if (!this.publisher) return;
    if (!this.fannedOut) return this.warnDegraded();
    const envelope: Envelope = { origin: this.instanceId, payload };
    this.publisher.publish(CHANNEL_PREFIX + topic, JSON.stringify(envelope)).catch((error: unknown) => this.warnDegraded(error));
  }

  /** @returns a function that removes the listener. */
  on<T extends Topic>(topic: T, listener: Listener<T>): () => void {
    this.local.on(topic, listener);
    return () => void this.local.off(topic, listener);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.publisher?.quit(), this.subscriber?.quit()]);
  }

  private receive(channel: string, message: string): void {
    if (!channel.startsWith(CHANNEL_PREFIX)) return;
    const topic = channel.slice(CHANNEL_PREFIX.length) as Topic;
    if (!TOPICS.includes(topic)) return;
    let envelope: Envelope;
    try {
      envelope = JSON.parse(message) as Envelope;
    } catch {
      return this.logger.warn({ channel }, 'ignored a malformed realtime event from Redis');
    }
    if (envelope.origin !== this.instanceId) this.local.emit(topic, envelope.payload);
  }

  private watch(connection: Redis, role: string): void {
    connection.on('error', (error: Error) => this.warnDegraded(error, role));
    connection.on('ready', () => {
      if (this.degraded && this.fannedOut) {
        this.degraded = false;
        this.logger.info('realtime events fan out through Redis again');
      }
    });
  }

  private warnDegraded(error?: unknown, role?: string): void {
    if (this.degraded) return;
    this.degraded = true;
    this.logger.warn({ err: error, connection: role }, 'Redis unreachable: realtime events reach this instance only until it is back');
  }
}
