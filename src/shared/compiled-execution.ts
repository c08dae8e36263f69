/**
 * Executes operations with graphql-jit, which compiles each document into a function,
 * instead of graphql-js's interpreter, which walks the document for every object of every
 * list. On a feed of 1,100 posts and comments that walk was a third of the request's CPU.
 *
 * Apollo Server 5 has one hook for its executor: the gateway interface. Through it Apollo
 * still parses, validates (with our query limits), runs every plugin, resolves the
 * operation and formats errors; only execution is replaced. Compiled documents are kept
 * per document and operation name (LRU). The limits bound what a document can cost to
 * compile, as they bound its validation.
 *
 * Three differences from graphql-js are handled here and in the schema:
 * - graphql-jit's variable errors carry no location, so Apollo would not see them as the
 *   client's mistake (400 BAD_USER_INPUT), and it refuses an omitted input field that is
 *   non-null with a default (`isAnonymous: Boolean! = false`). Variables are therefore
 *   coerced by graphql-js, whose errors Apollo recognises, and the compiled query gets the
 *   coerced values (defaults filled in), which its own coercion passes through unchanged:
 *   our enums' values are their names and DateTime accepts the Date it parsed.
 * - graphql-jit's errors imitate GraphQLError with plain `locations`, which Apollo drops when
 *   it rebuilds each error (it recomputes locations from nodes or source positions); they
 *   are rebuilt here as graphql-js errors on the document's source, so that clients get
 *   `locations` and `path` as graphql-js would give them.
 * - graphql-jit reads a field without a resolver as a plain property and does not wait for
 *   a promise there; a lazily computed field (a connection's `totalCount`) therefore has a
 *   resolver (`simple: false`).
 */
import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { getVariableValues, GraphQLError, printSchema, type DocumentNode, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode, type Source } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';
import type { Viewer } from '../auth/viewer';

/** How many compiled documents are kept (a client app sends a few dozen). */
const COMPILED_DOCUMENTS = 1_000;

/** The character offset of a 1-based line and column in `body` (line breaks as graphql-js counts them). */
function offsetOf(body: string, line: number, column: number): number {
  const lineBreak = /\r\n|[\n\r]/g;
  let lineStart = 0;
  for (let current = 1; current < line; current++) {
    const match = lineBreak.exec(body);
    if (!match) break;
    lineStart = match.index + match[0].length;
  }
  return lineStart + column - 1;
}

function asGraphQLJsError(error: GraphQLError, source: Source): GraphQLError {
  const positions = error.locations?.map(({ line, column }) => offsetOf(source.body, line, column));
  return new GraphQLError(error.message, {
    source,
    positions,
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions,
  });
}

/** Answers what it covers in one statement, before compiled execution (src/fast-path). */
export interface ExecutionShortcut {
  execute(request: { key: string; document: DocumentNode; operation: OperationDefinitionNode; variables: Record<string, unknown>; viewer: Viewer | null }): Promise<ExecutionResult | null>;
}

export function compiledExecution(schema: GraphQLSchema, shortcut: ExecutionShortcut | null = null): GatewayInterface {
  const compiled = new LRUCache<string, CompiledQuery | ExecutionResult>({ max: COMPILED_DOCUMENTS });

  const executor: GatewayExecutor = async (request) => {
    // The name the client sent: `request.operationName` is the resolved operation's name,
    // undefined when the document has no operation of the requested name.
    const operationName = request.request.operationName ?? undefined;
    const key = `${request.queryHash}\u0000${operationName ?? ''}`;
    let query = compiled.get(key);
    if (!query) {
      // An ExecutionResult here is graphql-js's answer for a document it cannot run
      // (e.g. several operations and no operationName); Apollo reports it as it would.
      query = compileQuery(schema, request.document, operationName);
      compiled.set(key, query);
    }
    if (!isCompiledQuery(query)) {
      // graphql-jit's errors may lack `extensions`; plugins and formatError expect graphql-js errors.
      return { errors: (query.errors ?? []).map((error) => new GraphQLError(error.message)) };
    }
    const coerced = getVariableValues(schema, request.operation?.variableDefinitions ?? [], request.request.variables ?? {}, { maxErrors: 50 });
    if (coerced.errors) return { errors: coerced.errors };
    if (shortcut && request.operation) {
      const viewer = (request.context as { viewer?: Viewer | null }).viewer ?? null;
      const fast = await shortcut.execute({ key, document: request.document, operation: request.operation, variables: coerced.coerced, viewer });
      if (fast) return fast;
    }
    const result = await query.query(undefined, request.context, coerced.coerced);
    const source = request.document.loc?.source;
    if (!result.errors || !source) return result;
    return { ...result, errors: result.errors.map((error) => asGraphQLJsError(error, source)) };
  };

  return {
    async load() {
      return { executor };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => undefined;
    },
    async stop() {},
  };
}
