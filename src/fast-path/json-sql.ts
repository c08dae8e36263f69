/**
 * SQL fragments that build a GraphQL response as JSON inside PostgreSQL: objects keyed by
 * response keys, connections (edges, pageInfo, totalCount) over `LIMIT first + 1` rows,
 * timestamps and cursors written exactly as the resolver path writes them
 * (`Date#toISOString`, and base64url of the JSON list of sort values, src/shared/pagination.ts).
 *
 * Values only ever reach SQL as parameters; keys are GraphQL names (letters, digits, `_`),
 * checked before they are written into the statement.
 */
import type { SelectionSetNode } from 'graphql';
import { Prisma } from '../generated/prisma/client';
import { collectFields, type Fragments, type SelectedField } from './selection';

type Sql = Prisma.Sql;

/**
 * Thrown when a selection or argument is not covered: the operation then takes the resolver
 * path. `always`: whatever the variables (a field or directive it does not know), so the
 * document need not be walked again.
 */
export class NotCovered extends Error {
  constructor(readonly always: boolean) {
    super('not covered by the fast path');
  }
}

/** An argument value the fast path does not take (this time). */
export function notCovered(): never {
  throw new NotCovered(false);
}

/** A field or selection the fast path does not know (never). */
export function unknownSelection(): never {
  throw new NotCovered(true);
}

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** json_build_object over (key, value) pairs, in order (PostgreSQL takes at most 50 pairs). */
export function jsonObject(entries: ReadonlyArray<readonly [string, Sql]>): Sql {
  if (entries.length === 0 || entries.length > 50) notCovered();
  const parts = entries.map(([key, value]) => {
    if (!NAME.test(key)) notCovered();
    return Prisma.sql`'${Prisma.raw(key)}', ${value}`;
  });
  return Prisma.sql`json_build_object(${Prisma.join(parts)})`;
}

/** A timestamptz as `toISOString` writes it (milliseconds, truncated as pg's reader truncates). */
export function iso(column: Sql): Sql {
  return Prisma.sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** One cursor value: `text` as a JSON string (`null` when null), `int` as a number, `bool` as true/false. */
export type CursorPartSql = { text: Sql } | { int: Sql } | { bool: Sql };

/** base64url(JSON.stringify([values…])), as encodeCursor writes it. */
export function cursorOf(parts: readonly CursorPartSql[]): Sql {
  const json = parts.map((part) => {
    if ('text' in part) return Prisma.sql`coalesce(to_json(${part.text})::text, 'null')`;
    if ('int' in part) return Prisma.sql`(${part.int})::text`;
    return Prisma.sql`(${part.bool})::text`;
  });
  const list = Prisma.sql`'[' || ${Prisma.join(json, ` || ',' || `)} || ']'`;
  // encode() wraps base64 at 76 characters: the newlines go with the padding.
  return Prisma.sql`translate(encode(convert_to(${list}, 'UTF8'), 'base64'), E'+/=\\n', '-_')`;
}

export interface ConnectionSpec {
  /** The node type's name: the connection is `<name>Connection`, its edges `<name>Edge`. */
  typeName: string;
  /** The selected fields of the connection. */
  fields: readonly SelectedField[];
  fragments: Fragments;
  /** The columns of a candidate row. */
  columns: Sql;
  /** FROM … WHERE … of the candidate rows. */
  from: Sql;
  /** Their order (an index serves it: the page reads `first + 1` rows, however many match). */
  order: Sql;
  first: number;
  /** The alias of a numbered row in `cursor` and `node`. */
  alias: string;
  /** The row's cursor. */
  cursor: Sql;
  /** The row's node for these selections. */
  node: (selections: readonly SelectionSetNode[]) => Sql;
  /** How many items the whole list has. */
  totalCount: Sql;
  /** Whether most parents have no rows here (then a probe comes before the page). */
  usuallyEmpty?: boolean;
}

/**
 * A connection as JSON: the rows are numbered in their order; edges are the first `first`
 * (their node expressions are evaluated for those rows only: the aggregate's FILTER comes
 * first), hasNextPage says whether the extra row came back.
 */
export function connection(spec: ConnectionSpec): Sql {
  const a = Prisma.raw(spec.alias);
  const first = spec.first;
  let fetched = false;
  /** The selected keys over the numbered rows, or (`empty`) as constants for a list without rows. */
  const keysOf = (empty: boolean) =>
    spec.fields.map((field): readonly [string, Sql] => {
      switch (field.name) {
        case '__typename':
          return [field.key, Prisma.sql`${`${spec.typeName}Connection`}::text`];
        case 'totalCount':
          return [field.key, spec.totalCount];
        case 'pageInfo': {
          const info = collectFields(field.selections, 'PageInfo', spec.fragments) ?? unknownSelection();
          return [field.key, jsonObject(info.map((f): readonly [string, Sql] => {
            if (f.name === '__typename') return [f.key, Prisma.sql`'PageInfo'::text`];
            if (f.name === 'hasNextPage') return [f.key, empty ? Prisma.sql`false` : Prisma.sql`(count(*) > ${first})`];
            if (f.name === 'endCursor') {
              if (empty) return [f.key, Prisma.sql`NULL::text`];
              // The last edge's cursor, computed for that row alone (n: how many rows came back).
              fetched = true;
              return [f.key, Prisma.sql`max(CASE WHEN ${a}.ord = least(${a}.n, ${first}) THEN ${spec.cursor} END)`];
            }
            return unknownSelection();
          }))];
        }
        case 'edges': {
          if (empty) return [field.key, Prisma.sql`'[]'::json`];
          const edge = collectFields(field.selections, `${spec.typeName}Edge`, spec.fragments) ?? unknownSelection();
          const entries = edge.map((f): readonly [string, Sql] => {
            if (f.name === '__typename') return [f.key, Prisma.sql`${`${spec.typeName}Edge`}::text`];
            if (f.name === 'cursor') return [f.key, spec.cursor];
            if (f.name === 'node') return [f.key, spec.node(f.selections)];
            return unknownSelection();
          });
          return [field.key, Prisma.sql`coalesce(json_agg(${jsonObject(entries)} ORDER BY ${a}.ord) FILTER (WHERE ${a}.ord <= ${first}), '[]'::json)`];
        }
        default:
          return unknownSelection();
      }
    });
  const keys = keysOf(false);
  // row_number() over the query's own order is computed as the rows stream out of the index, before the LIMIT.
  const rows = Prisma.sql`SELECT ${spec.columns}, row_number() OVER (ORDER BY ${spec.order}) AS ord ${spec.from} ORDER BY ${spec.order} LIMIT ${first + 1}`;
  const numbered = fetched ? Prisma.sql`SELECT x.*, count(*) OVER () AS n FROM (${rows}) x` : rows;
  const page = Prisma.sql`(SELECT ${jsonObject(keys)} FROM (${numbered}) ${a})`;
  if (!spec.usuallyEmpty) return page;
  // One index probe first: most comments have no replies, and an empty page costs a fraction of the full one.
  return Prisma.sql`CASE WHEN EXISTS (SELECT 1 ${spec.from}) THEN ${page} ELSE ${jsonObject(keysOf(true))} END`;
}
