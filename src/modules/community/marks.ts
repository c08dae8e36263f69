/**
 * Likes, scraps and reports are "marks": one row per user and item (its primary or unique
 * key), and a counter column on the item moved in the same transaction as the row. Writing
 * the row first makes a repeat, or a concurrent duplicate, a no-op that leaves the counter
 * alone: the counter moves only when the row really changed, and never read-modify-write.
 */

export interface MarkWrite<T> {
  /** Inserts the mark (`createMany` with `skipDuplicates`) or deletes it (`deleteMany`): how many rows changed. */
  mark: () => Promise<{ count: number }>;
  /** Moves the item's counter (`update` with increment / decrement), answering the changed item. */
  moveCounter: () => Promise<T>;
  /** Reads the item unchanged, when the counter does not move. */
  readItem: () => Promise<T>;
  /** Whether a new mark moves the counter (a report from an account that does not count is still recorded). Default true. */
  counts?: boolean;
}

/**
 * Writes the mark, then moves the counter or reads the item back: two statements either way,
 * inside the caller's transaction. `moved` says whether the counter moved.
 */
export async function writeMark<T>(write: MarkWrite<T>): Promise<{ item: T; moved: boolean }> {
  const { count } = await write.mark();
  if (count === 0 || write.counts === false) return { item: await write.readItem(), moved: false };
  return { item: await write.moveCounter(), moved: true };
}
