/**
 * Relay-style cursor pagination: `first` (1-100, default 20) and `after`, answered with
 * `{ edges { cursor node } pageInfo { hasNextPage endCursor } totalCount }`.
 *
 * Cursors are opaque to clients: base64url of the JSON list of the sort values of a row
 * (last: its id, the tie-breaker). Every list decodes them with `decodeCursor`, which checks
 * each value's type and range. `totalCount` is a getter, so its query runs only when a
 * client selects it.
 */
import { Max, MaxLength, Min } from 'class-validator';
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { UserInputError } from './errors';
import { isStorableText } from './sql-text';
import { isStorableInstant } from './storable-time';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: `How many items (1-${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}).` })
  @Min(1, { message: 'must be at least 1' })
  @Max(MAX_PAGE_SIZE, { message: `must be at most ${MAX_PAGE_SIZE}` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Return items after this cursor (`pageInfo.endCursor` of the previous page).' })
  @MaxLength(1024, { message: 'is not a valid cursor' })
  after?: string | null;
}

export function pageSize(args: ConnectionArgs): number {
  return args.first ?? DEFAULT_PAGE_SIZE;
}

export type CursorValue = string | number | boolean | null;

export function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/**
 * What one position of a cursor holds, checked on the way in:
 * - `text`: a string PostgreSQL can store (a sort key such as a name, or an id);
 * - `timestamp`: an instant as `Date#toISOString` writes it, within years 1-9999 UTC;
 * - `timestamp?`: the same, or null (a nullable sort column such as a due date);
 * - `int`: a PostgreSQL `integer` (a count);
 * - `float`: a finite number (a PostgreSQL `float8`, e.g. an average);
 * - `boolean`.
 */
export type CursorPart = 'text' | 'timestamp' | 'timestamp?' | 'int' | 'float' | 'boolean';

type CursorPartValue<P extends CursorPart> = P extends 'timestamp' ? Date : P extends 'timestamp?' ? Date | null : P extends 'int' | 'float' ? number : P extends 'boolean' ? boolean : string;

/** The decoded values of a cursor of `parts`, each typed as its part says. */
export type CursorValues<P extends readonly CursorPart[]> = { -readonly [I in keyof P]: P[I] extends CursorPart ? CursorPartValue<P[I]> : never };

/** Exactly what `toISOString` writes for years 0-9999. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const INT4_MIN = -2147483648;
const INT4_MAX = 2147483647;

function decodePart(part: CursorPart, value: unknown): unknown {
  switch (part) {
    case 'text':
      return typeof value === 'string' && isStorableText(value) ? value : undefined;
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) && value >= INT4_MIN && value <= INT4_MAX ? value : undefined;
    case 'float':
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'timestamp?':
      return value === null ? null : decodeInstant(value);
    case 'timestamp':
      return decodeInstant(value);
  }
}

function decodeInstant(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !ISO_INSTANT.test(value)) return undefined;
  const date = new Date(value);
  // Also refuses day 31 of a 30-day month: the Date would not print back the same text.
  return isStorableInstant(date) && date.toISOString() === value ? date : undefined;
}

/** The one answer to any cursor this API did not issue. */
function invalidCursor(): UserInputError {
  return UserInputError.field('after', 'is not a valid cursor');
}

/**
 * The one cursor decoder: the JSON list must have exactly one value per part, each of the
 * part's type and range, so that nothing a client forges reaches SQL as a value PostgreSQL
 * refuses (which would be a 500).
 * @throws UserInputError (field `after`) for anything this API did not issue.
 */
export function decodeCursor<const P extends readonly CursorPart[]>(cursor: string, parts: P): CursorValues<P> {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(values) || values.length !== parts.length) throw invalidCursor();
  const decoded = parts.map((part, index) => decodePart(part, values[index]));
  if (decoded.some((value) => value === undefined)) throw invalidCursor();
  return decoded as CursorValues<P>;
}

@ObjectType('PageInfo', { simpleResolvers: true, description: 'Where a page ends and whether another follows.' })
export class PageInfo {
  @Field(() => Boolean, { description: 'Whether more items follow this page.' })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item; pass it as `after` for the next page.' })
  endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Page<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  readonly totalCount: Promise<number> | number;
}

/**
 * Builds a page from rows fetched with `LIMIT first + 1` (the extra row only tells whether
 * another page follows). `nodeOf` maps a row to the node clients see (default: the row).
 */
export function toPage<R, T = R>(
  rows: R[],
  first: number,
  cursorOf: (row: R) => CursorValue[],
  totalCount: () => Promise<number> | number,
  nodeOf: (row: R) => T = (row) => row as unknown as T,
): Page<T> {
  const edges = rows.slice(0, first).map((row) => new LazyEdge(row, nodeOf(row), cursorOf));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    get totalCount() {
      return totalCount();
    },
  };
}

/** An edge whose cursor is encoded only when a client selects it (or for endCursor). */
class LazyEdge<R, T> implements Edge<T> {
  constructor(
    private readonly row: R,
    readonly node: T,
    private readonly cursorOf: (row: R) => CursorValue[],
  ) {}

  get cursor(): string {
    return encodeCursor(this.cursorOf(this.row));
  }
}

/** GraphQL types `<Name>Connection` and `<Name>Edge` for nodes of type `node`. */
export function ConnectionType<T extends object>(name: string, node: ClassType<T>) {
  @ObjectType(`${name}Edge`, { simpleResolvers: true, description: `A ${name} with its cursor.` })
  class EdgeType {
    @Field(() => String, { description: 'Opaque position of this item, for `after`.' })
    cursor!: string;

    @Field(() => node, { description: `The ${name}.` })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { simpleResolvers: true, description: `A page of ${name} items.` })
  class ConnectionTypeClass {
    @Field(() => [EdgeType], { description: 'The items of this page, in order.' })
    edges!: EdgeType[];

    @Field(() => PageInfo, { description: 'Where this page ends.' })
    pageInfo!: PageInfo;

    // Not simple: the value is a lazy getter that may return a promise (see compiled-execution).
    @Field(() => Int, { simple: false, description: 'How many items the whole list has (counted only when selected).' })
    totalCount!: number;
  }
  return ConnectionTypeClass;
}
