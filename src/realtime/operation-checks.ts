/**
 * What an operation sent over WebSocket must pass before it runs: the same rules as over
 * HTTP (trusted documents, token, depth, alias, directive and cost limits, introspection
 * switch, graphql-js validation), plus one of its own: only subscriptions run over a socket
 * (queries and mutations go over HTTP, where the operation budget, CSRF and caching rules
 * live). Refusals are GraphQLErrors with a code from the closed set.
 */
import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import type { Config } from '../config';
import { UntrustedDocumentError, type TrustedDocuments } from '../plugins/trusted-documents';
import { ErrorCode } from '../shared/errors';
import { MAX_VALIDATION_ERRORS, QueryLimitError, operationCost, queryLimitOptions } from '../plugins/query-limits';

export interface CheckedOperation {
  document: DocumentNode;
  operationName: string | undefined;
  variableValues: Record<string, unknown> | undefined;
}

const clientError = (code: ErrorCode, message: string) => new GraphQLError(message, { extensions: { code } });

export class SocketOperationChecks {
  private readonly rules: ValidationRule[];

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly config: Pick<Config, 'queryLimits' | 'trustedDocuments' | 'graphql' | 'env'>,
    private readonly documents: TrustedDocuments | null,
  ) {
    const limits = queryLimitOptions(config.queryLimits);
    this.rules = [
      ...specifiedRules,
      ...((limits.validationRules ?? []) as ValidationRule[]),
      ...(config.graphql.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
    ];
  }

  /** @returns the operation to run, or the errors that refuse it. */
  check(payload: SubscribePayload): CheckedOperation | GraphQLError[] {
    const query = this.documentOf(payload);
    if (query instanceof GraphQLError) return [query];
    if (this.config.trustedDocuments.mode === 'enforce' && !this.documents?.trusts(query, { introspection: this.config.graphql.introspection })) {
      return [new UntrustedDocumentError()];
    }
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: this.config.queryLimits.maxTokens });
    } catch (error) {
      const message = (error as Error).message;
      if (/more (?:that|than) \d+ tokens/.test(message)) return [new QueryLimitError(`Token limit of ${this.config.queryLimits.maxTokens} exceeded.`)];
      return [clientError(ErrorCode.GRAPHQL_PARSE_FAILED, message)];
    }
    const errors = validate(this.schema, document, this.rules, { maxErrors: MAX_VALIDATION_ERRORS });
    if (errors.length > 0) return errors.map((error) => clientError(ErrorCode.GRAPHQL_VALIDATION_FAILED, this.withoutSuggestions(error.message)));
    const operation = getOperationAST(document, payload.operationName ?? undefined);
    if (!operation) return [clientError(ErrorCode.BAD_USER_INPUT, 'Name one operation of the document in operationName')];
    if (operation.operation !== 'subscription') {
      return [clientError(ErrorCode.GRAPHQL_VALIDATION_FAILED, 'Only subscriptions run over WebSocket: send queries and mutations over HTTP')];
    }
    const variables = payload.variables ?? undefined;
    const cost = operationCost(this.schema, document, operation, variables ?? {});
    if (cost > this.config.queryLimits.maxCost) return [new QueryLimitError(`Query cost limit of ${this.config.queryLimits.maxCost} exceeded, found ${cost}.`)];
    return { document, operationName: payload.operationName ?? undefined, variableValues: variables };
  }

  /** The document text: the payload's own, or a manifest document named by its sha256 hash. */
  private documentOf(payload: SubscribePayload): string | GraphQLError {
    if (typeof payload.query === 'string' && payload.query !== '') return payload.query;
    const persisted = payload.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined;
    const known = typeof persisted?.sha256Hash === 'string' ? this.documents?.document(persisted.sha256Hash) : undefined;
    return known ?? clientError(ErrorCode.BAD_USER_INPUT, 'Send `query`, or a registered document by `extensions.persistedQuery.sha256Hash`');
  }

  /** In production, as Apollo's hideSchemaDetailsFromClientErrors: no "Did you mean …" hints. */
  private withoutSuggestions(message: string): string {
    return this.config.env === 'production' ? message.replace(/ ?Did you mean(.+?)\?$/, '') : message;
  }
}
