/**
 * An async iterator over one topic of the event bus, for one subscription: each event is
 * passed to `select`, which loads what this subscriber may see (with its own viewer) or
 * answers null to skip it. Events are selected one at a time, in arrival order. A subscriber
 * that falls more than `MAX_PENDING` events behind loses the oldest ones: one slow socket
 * never holds an unbounded backlog.
 */
import type { EventBus } from './event-bus';
import type { Topic, Topics } from './topics';

const MAX_PENDING = 200;

export function eventStream<T extends Topic, R>(
  bus: EventBus,
  topic: T,
  select: (payload: Topics[T]) => Promise<R | null> | R | null,
): AsyncIterableIterator<R> {
  const pending: Topics[T][] = [];
  let wake: (() => void) | null = null;
  let done = false;
  const off = bus.on(topic, (payload) => {
    if (pending.length >= MAX_PENDING) pending.shift();
    pending.push(payload);
    wake?.();
  });
  const finish = (): IteratorResult<R> => {
    done = true;
    off();
    wake?.();
    return { done: true, value: undefined };
  };

  return {
    async next(): Promise<IteratorResult<R>> {
      while (!done) {
        const payload = pending.shift();
        if (payload === undefined) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
          continue;
        }
        const selected = await select(payload);
        if (selected !== null && !done) return { done: false, value: selected };
      }
      return { done: true, value: undefined };
    },
    async return(): Promise<IteratorResult<R>> {
      return finish();
    },
    async throw(error: unknown): Promise<IteratorResult<R>> {
      finish();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
