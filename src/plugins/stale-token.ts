/**
 * Answers 401 UNAUTHENTICATED, before execution, a request whose bearer token was refused
 * (context.rejectedToken) unless every root field it selects is one of
 * TOKEN_INDEPENDENT_OPERATIONS (meta fields such as `__typename` may come along). So a client with a stale
 * token can still sign in again, while every operation whose answer depends on the caller
 * tells the client that its token is wrong instead of silently answering as anonymous.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { Context } from '../context';
import { TOKEN_INDEPENDENT_OPERATIONS } from '../auth/public-operations';

const ROOT_NAMES = { query: 'Query', mutation: 'Mutation' } as const;

/** The root field names an operation selects, through fragments (validation has refused cycles). */
function rootFieldNames(document: DocumentNode, operation: OperationDefinitionNode): Set<string> {
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [])));
  const names = new Set<string>();
  const visited = new Set<string>();
  const pending: SelectionSetNode[] = [operation.selectionSet];
  while (pending.length > 0) {
    for (const selection of pending.pop()!.selections) {
      if (selection.kind === Kind.FIELD) names.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) pending.push(selection.selectionSet);
      else if (!visited.has(selection.name.value)) {
        visited.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) pending.push(fragment);
      }
    }
  }
  return names;
}

function runsWithoutViewer(document: DocumentNode, operation: OperationDefinitionNode): boolean {
  const root = operation.operation === 'query' || operation.operation === 'mutation' ? ROOT_NAMES[operation.operation] : null;
  if (!root) return false;
  const allowed: readonly string[] = TOKEN_INDEPENDENT_OPERATIONS[root];
  const fields = [...rootFieldNames(document, operation)].filter((name) => !name.startsWith('__'));
  // Meta fields alone (`{ __typename }`, and the placeholder of a refused untrusted document)
  // do not exempt a request: a bad token is then reported first, as before.
  return fields.length > 0 && fields.every((name) => allowed.includes(name));
}

export function staleTokenPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, operation }) {
          const rejected = contextValue.rejectedToken;
          if (rejected && !(operation && runsWithoutViewer(document, operation))) throw rejected;
        },
      };
    },
  };
}
