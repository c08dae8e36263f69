/**
 * Helpers that keep DataLoader's batch contract: the result array has the same length and
 * order as the keys.
 */

/** One row (or null) per key. */
export function byKey<K, T>(keys: readonly K[], rows: readonly T[], keyOf: (row: T) => K): (T | null)[] {
  const index = new Map<K, T>();
  for (const row of rows) index.set(keyOf(row), row);
  return keys.map((key) => index.get(key) ?? null);
}

/** All rows of each key (empty array when none). */
export function groupByKey<K, T>(keys: readonly K[], rows: readonly T[], keyOf: (row: T) => K): T[][] {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return keys.map((key) => groups.get(key) ?? []);
}

/**
 * DataLoaders whose results depend on field arguments (`first`, filters, order), one per
 * distinct set of arguments: two aliases of a list with different `first` never share a batch.
 * Arguments are compared by value (JSON); an arguments object must not change once used.
 */
export class LoadersByArgs {
  private readonly loaders = new Map<string, unknown>();
  /** The same arguments object asked again (e.g. the request's cached "today") skips the JSON key. */
  private readonly byObject = new WeakMap<object, Map<string, unknown>>();

  get<T>(name: string, args: unknown, create: () => T): T {
    const object = args !== null && typeof args === 'object' ? args : null;
    const known = object ? (this.byObject.get(object)?.get(name) as T | undefined) : undefined;
    if (known) return known;
    const key = `${name}:${JSON.stringify(args)}`;
    let loader = this.loaders.get(key) as T | undefined;
    if (!loader) {
      loader = create();
      this.loaders.set(key, loader);
    }
    if (object) {
      let named = this.byObject.get(object);
      if (!named) this.byObject.set(object, (named = new Map()));
      named.set(name, loader);
    }
    return loader;
  }
}

export type MaybePromise<T> = T | Promise<T>;

/**
 * `fn` applied to a value that may still be loading. Resolvers use it so that what a list
 * query already read (an author, a viewer flag) resolves without a promise: graphql-js
 * then completes the object synchronously, which on a feed of 1,000 comments is most of
 * its bookkeeping.
 */
export function thenMaybe<T, R>(value: MaybePromise<T>, fn: (loaded: T) => R): MaybePromise<R> {
  return value instanceof Promise ? value.then(fn) : fn(value);
}
