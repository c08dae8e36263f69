/**
 * The fast path: a query whose every selected field it covers is answered by ONE SQL
 * statement that builds the response's `data` as JSON in PostgreSQL (selection-aware: only
 * the selected fields are read and written), instead of the resolver path's statement per
 * level, object per row and resolver call per field.
 *
 * It covers the hot read pages (boards → posts → comments → replies, community.sql.ts;
 * projects → tasks with their counts, project.sql.ts); anything else — another field, a
 * directive, a root field it does not know, an argument it does not take, an anonymous
 * caller — takes the resolver path, and so
 * does every answer that would be an error (a board that is not found, a bad cursor): the
 * resolver path then gives the error exactly as it always has. Both paths give the same
 * responses (test/integration/fast-path/differential.test.ts).
 */
import { Kind, type DocumentNode, type ExecutionResult, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Viewer } from '../auth/viewer';
import type { Calendar } from '../modules/project/calendar';
import { queryRows, type Db } from '../db/prisma';
import { Prisma } from '../generated/prisma/client';
import { boardField, boardsField, postField, postsField } from './community.sql';
import { projectField, projectsField } from './project.sql';
import { jsonObject, NotCovered, unknownSelection } from './json-sql';
import type { Fragments } from './selection';
import { Walk } from './walk';

type Sql = Prisma.Sql;

/** How many distinct statements are prepared on each connection at most (a client app sends a few dozen documents). */
const PREPARED_STATEMENTS = 200;

type RootField = (walk: Walk, selections: readonly SelectionSetNode[], args: Record<string, unknown>) => Sql;

/** The root fields the fast path answers. */
const ROOT_FIELDS: Record<string, RootField> = {
  board: boardField,
  boards: boardsField,
  post: postField,
  posts: postsField,
  projects: projectsField,
  project: projectField,
};

export interface FastPathRequest {
  /** Identifies the document and operation (documents the fast path does not cover are remembered). */
  key: string;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown>;
  viewer: Viewer | null;
}

export class FastPath {
  /** Documents found not covered whatever their variables (not retried). */
  private readonly uncovered = new LRUCache<string, true>({ max: 1_000 });
  private readonly fragments = new WeakMap<DocumentNode, Fragments>();
  /** Statement text → prepared statement name. */
  private readonly prepared = new Map<string, string>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly db: Db,
    /** The tracker's calendar ("today" in the viewer's zone, and the clock tests set). */
    private readonly calendar: Calendar,
  ) {}

  /** The result, or null when the resolver path must answer. */
  async execute(request: FastPathRequest): Promise<ExecutionResult | null> {
    if (!request.viewer || request.operation.operation !== 'query' || this.uncovered.has(request.key)) return null;
    let statement: Sql;
    try {
      statement = this.statement(request, request.viewer);
    } catch (error) {
      if (error instanceof NotCovered && error.always) this.uncovered.set(request.key, true);
      // Otherwise an argument it does not take, or a cursor the codec refuses: the resolver path answers.
      return null;
    }
    const [row] = await queryRows<{ data: Record<string, unknown> }>(this.db, statement, { preparedAs: this.preparedName(statement.text) });
    const data = row?.data;
    if (!data || Object.values(data).some((value) => value === null)) return null;
    return { data };
  }

  private statement(request: FastPathRequest, viewer: Viewer): Sql {
    const walk = new Walk(this.schema, this.fragmentsOf(request.document), request.variables, viewer, this.calendar);
    const fields = walk.fields([request.operation.selectionSet], 'Query');
    // Only `__typename`: nothing to read, the resolver path answers without the database.
    if (fields.every((field) => field.name === '__typename')) unknownSelection();
    const entries = fields.map((field): readonly [string, Sql] => {
      if (field.name === '__typename') return [field.key, Prisma.sql`'Query'::text`];
      const root = Object.hasOwn(ROOT_FIELDS, field.name) ? ROOT_FIELDS[field.name] : unknownSelection();
      return [field.key, root(walk, field.selections, walk.args(field, 'Query'))];
    });
    return Prisma.sql`SELECT ${jsonObject(entries)} AS data`;
  }

  /**
   * A name for the statement, so that each connection plans it once: planning these nested
   * statements cost 1-3 ms of PostgreSQL CPU per request, as much as running them. At most
   * PREPARED_STATEMENTS texts are prepared (each connection keeps every statement it
   * prepared for as long as it lives); further ones run unnamed.
   */
  private preparedName(text: string): string | undefined {
    let name = this.prepared.get(text);
    if (!name && this.prepared.size < PREPARED_STATEMENTS) {
      name = `fast_path_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
      this.prepared.set(text, name);
    }
    return name;
  }

  private fragmentsOf(document: DocumentNode): Fragments {
    let fragments = this.fragments.get(document);
    if (!fragments) {
      fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
      this.fragments.set(document, fragments);
    }
    return fragments;
  }
}
