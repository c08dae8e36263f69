/**
 * Relay-style cursor pagination: `first` (1-100, default 20) and `after`, answered with
 * `{ edges { cursor node } pageInfo { hasNextPage endCursor } totalCount }`.
 *
 * Cursors are opaque to clients: base64url of the JSON list of the sort values of a row
 * (last: its id, the tie-breaker). `totalCount` is a getter, so its query runs only when a
 * client selects it.
 */
import { Max, MaxLength, Min } from 'class-validator';
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { UserInputError } from './errors';

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
 * @param arity how many values a cursor of this list holds.
 * @throws UserInputError (field `after`) for anything this API did not issue.
 */
export function decodeCursor(cursor: string, arity: number): CursorValue[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const valid =
      Array.isArray(values) &&
      values.length === arity &&
      values.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v));
    if (valid) return values as CursorValue[];
  } catch {
    // fall through
  }
  throw UserInputError.field('after', 'is not a valid cursor');
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
