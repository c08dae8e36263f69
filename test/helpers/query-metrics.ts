/**
 * What the query limits measure, for one document: so that tests can state the size of real
 * client operations next to the limits (a budget regression shows in review).
 */
import type { GraphQLError} from 'graphql';
import { Kind, Lexer, Source, TokenKind, parse, validate, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { operationCost, queryLimitOptions } from '../../src/plugins/query-limits';

export interface QueryMetrics {
  depth: number;
  aliases: number;
  directives: number;
  selections: number;
  tokens: number;
  cost: number;
}

/** Lexical tokens as graphql-js's `maxTokens` counts them (comments and EOF excluded). */
export function countTokens(query: string): number {
  const lexer = new Lexer(new Source(query));
  let count = 0;
  while (lexer.advance().kind !== TokenKind.EOF) count++;
  return count;
}

/** Selections as Apollo's `maxRecursiveSelections` counts them: fields, inline fragments and spreads, spreads expanded. */
export function countSelections(document: DocumentNode, operation: OperationDefinitionNode): number {
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const memo = new Map<string, number>();
  const count = (set: SelectionSetNode | undefined): number =>
    (set?.selections ?? []).reduce((sum, selection) => {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        if (!memo.has(name)) memo.set(name, count(fragments.get(name)?.selectionSet));
        return sum + 1 + memo.get(name)!;
      }
      return sum + 1 + count(selection.selectionSet);
    }, 0);
  return count(operation.selectionSet);
}

/** Each measure of `query` (its first operation) against `schema`. */
export function measure(schema: GraphQLSchema, query: string, variables: Record<string, unknown> = {}): QueryMetrics {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  // Armor's rules with every limit at 0 report what they found: "… limit of 0 exceeded, found N."
  const rules = queryLimitOptions({ maxDepth: 0, maxAliases: 0, maxDirectives: 0, maxCost: 1, maxTokens: 1, maxSelections: 1 }).validationRules ?? [];
  const found = (kind: string) => {
    const errors = validate(schema, document, rules as never).filter((e: GraphQLError) => e.message.startsWith(kind));
    return errors.length ? Number(/found (\d+)/.exec(errors[0].message)![1]) : 0;
  };
  return {
    depth: found('Query depth'),
    aliases: found('Aliases'),
    directives: found('Directives'),
    selections: countSelections(document, operation),
    tokens: countTokens(query),
    cost: operationCost(schema, document, operation, variables),
  };
}
