/**
 * Query-shape limits (docs/security.md A1-A7): what a single GraphQL document may ask for before
 * any resolver runs. Each limit answers HTTP 400 with GRAPHQL_VALIDATION_FAILED (a page
 * size out of range: BAD_USER_INPUT naming `first`), never a 5xx.
 *
 * - tokens: graphql-js's own `parseOptions.maxTokens` (armor's version answers syntax errors
 *   with HTTP 500);
 * - selections: Apollo's `maxRecursiveSelections` (fields counted with every fragment spread
 *   expanded, so fragment explosions and duplicated fields are refused before the other rules);
 * - validation errors: at most MAX_VALIDATION_ERRORS are reported, so a flood of unknown
 *   directives or fields costs a handful of errors (graphql-cop's directive overloading);
 * - depth (fragments flattened), aliases (`__typename` counted too: armor's default allow-list
 *   lets 101 of them through) and directives: graphql-armor validation rules;
 * - cost: this module's `operationCost`, checked once the operation and its variables are known.
 */
import type { ApolloServerOptions, ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  GraphQLError,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  valueFromAST,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';
import type { Config } from '../config';
import { AppError, ErrorCode } from '../shared/errors';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../shared/pagination';

/** The limits, as configured (GRAPHQL_MAX_*; each is documented in src/config.ts). */
export type QueryLimits = Config['queryLimits'];

/** Validation stops after this many errors (graphql-js `maxErrors`; its default is 100). */
export const MAX_VALIDATION_ERRORS = 5;

/** The name of the page-size argument of every list field (README: Pagination). */
const PAGE_SIZE_ARGUMENT = 'first';

/** A query limit exceeded: a client error, refused before execution. */
export class QueryLimitError extends AppError {
  constructor(message: string) {
    super(ErrorCode.GRAPHQL_VALIDATION_FAILED, message, {}, { httpStatus: 400 });
  }
}

/** `first` out of 1..MAX_PAGE_SIZE: the same field problem the resolvers report, but before any work. */
export class PageSizeError extends AppError {
  constructor(problem: string) {
    super(ErrorCode.BAD_USER_INPUT, `${PAGE_SIZE_ARGUMENT}: ${problem}`, { fields: [{ field: PAGE_SIZE_ARGUMENT, message: problem }] }, { httpStatus: 400 });
  }
}

/**
 * The page size a list field will be asked for: the `first` argument (literal or variable),
 * else its declared default, else DEFAULT_PAGE_SIZE.
 * @throws PageSizeError when `first` is an integer outside 1..MAX_PAGE_SIZE (docs/security.md A7:
 *   reject, never clamp; a negative `first` would otherwise page backwards in Prisma).
 */
function pageSizeOf(field: GraphQLField<unknown, unknown>, node: { arguments?: readonly { name: { value: string }; value: ValueNode }[] }, variables: Record<string, unknown>): number {
  const argument = field.args.find((arg) => arg.name === PAGE_SIZE_ARGUMENT);
  const given = node.arguments?.find((arg) => arg.name.value === PAGE_SIZE_ARGUMENT);
  const value = given && argument ? valueFromAST(given.value, argument.type, variables) : undefined;
  if (typeof value === 'number' && Number.isInteger(value)) {
    if (value < 1) throw new PageSizeError('must be at least 1');
    if (value > MAX_PAGE_SIZE) throw new PageSizeError(`must be at most ${MAX_PAGE_SIZE}`);
    return value;
  }
  // Absent, null, or not an integer (execution refuses that one while coercing variables).
  const declared = argument?.defaultValue;
  return typeof declared === 'number' ? declared : DEFAULT_PAGE_SIZE;
}

/**
 * The cost of one operation: every selected field costs 1 (`__typename` included), and a
 * field with a `first` argument costs 1 + first × (the cost of its selection), so nested
 * pages multiply. Fragments count where they are spread (computed once per fragment);
 * `@skip`/`@include` are ignored (an upper bound). Introspection meta-fields count like
 * any other field. Linear in the size of the document.
 *
 * Kept over graphql-query-complexity (1.1.1, already installed with type-graphql): with an
 * estimator written to this rule it gives the same cost for all 105 client documents, but
 * takes 50.8 µs per document against 3.2 µs here (bench/library-comparison.mjs, Node 20,
 * median of 7 rounds); it also walks a fragment again at every spread instead of once.
 *
 * @throws PageSizeError for a `first` out of range (see pageSizeOf).
 */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> = {}): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const fragmentCosts = new Map<string, number>();

  const fieldOf = (parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined => {
    if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
    if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
    return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
  };

  const selectionCost = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType): number => {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const field = fieldOf(parent, selection.name.value);
        const childType = field ? getNamedType(field.type) : undefined;
        if (!field || !selection.selectionSet || !isCompositeType(childType)) {
          total += 1;
          continue;
        }
        const children = selectionCost(selection.selectionSet, childType);
        const multiplier = field.args.some((arg) => arg.name === PAGE_SIZE_ARGUMENT) ? pageSizeOf(field, selection, variables) : 1;
        total += 1 + multiplier * children;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        total += selectionCost(selection.selectionSet, isCompositeType(condition) ? condition : parent);
      } else {
        const name = selection.name.value;
        let cost = fragmentCosts.get(name);
        if (cost === undefined) {
          const fragment = fragments.get(name);
          const condition = fragment ? schema.getType(fragment.typeCondition.name.value) : undefined;
          // Cycles are refused by validation before this runs; the 0 only guards against a loop.
          fragmentCosts.set(name, 0);
          cost = fragment ? selectionCost(fragment.selectionSet, isCompositeType(condition) ? condition : parent) : 0;
          fragmentCosts.set(name, cost);
        }
        total += cost;
      }
    }
    return total;
  };

  const root = schema.getRootType(operation.operation);
  return root ? selectionCost(operation.selectionSet, root) : 0;
}

/** graphql-js's message when `parseOptions.maxTokens` stops the parser (its spelling: "more that"). */
const TOKEN_LIMIT_MESSAGE = /^Syntax Error: Document contains more (?:that|than) \d+ tokens/;

/**
 * Refuses operations over the cost limit (and page sizes out of range) before execution, and
 * reports the token limit as the limit it is (GRAPHQL_VALIDATION_FAILED) rather than as the
 * syntax error graphql-js raises for it.
 */
function limitsPlugin(limits: QueryLimits): ApolloServerPlugin<object> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            // Not every error here is a GraphQLError with extensions (execution may report plain ones).
            if (error.extensions?.code === ErrorCode.GRAPHQL_PARSE_FAILED && TOKEN_LIMIT_MESSAGE.test(error.message)) {
              error.message = `Token limit of ${limits.maxTokens} exceeded.`;
              error.extensions.code = ErrorCode.GRAPHQL_VALIDATION_FAILED;
            }
          }
        },
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const cost = operationCost(schema, document, operation, request.variables ?? {});
          if (cost > limits.maxCost) throw new QueryLimitError(`Query cost limit of ${limits.maxCost} exceeded, found ${cost}.`);
        },
      };
    },
  };
}

/** The ApolloServer options that enforce `limits`; spread into the constructor's options. */
export function queryLimitOptions(
  limits: QueryLimits,
): Pick<ApolloServerOptions<object>, 'parseOptions' | 'maxRecursiveSelections' | 'validationRules' | 'validationOptions'> & { plugins: ApolloServerPlugin<object>[] } {
  // Armor prefixes its messages with "Syntax Error: "; report them without it.
  const report = (context: ValidationContext | null, error: GraphQLError) => context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, '')));
  const reject = { propagateOnRejection: false, onReject: [report] };
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, flattenFragments: true, ignoreIntrospection: true, ...reject },
    maxAliases: { n: limits.maxAliases, allowList: [], ...reject },
    maxDirectives: { n: limits.maxDirectives, ...reject },
    // Replaced: cost by operationCost (pages weigh by `first`), tokens by parseOptions
    // (armor's answers syntax errors with 500); suggestions: Apollo's
    // hideSchemaDetailsFromClientErrors, on in production.
    costLimit: { enabled: false },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return {
    parseOptions: { maxTokens: limits.maxTokens },
    maxRecursiveSelections: limits.maxSelections,
    validationRules: armor.validationRules,
    validationOptions: { maxErrors: MAX_VALIDATION_ERRORS },
    plugins: [...armor.plugins, limitsPlugin(limits)],
  };
}
