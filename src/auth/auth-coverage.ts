/**
 * Fail-closed check over the built schema: every root field is `@Authorized()` or listed in
 * PUBLIC_OPERATIONS, never both, and the list names no field that does not exist. Run at
 * boot (schema.ts) and by a test. It also forbids `@Authorized` and `@UseMiddleware` on the
 * plain fields of a `simpleResolvers` type (every object type is one, for speed):
 * TypeGraphQL's simple resolvers silently skip both; and a renamed field there, which
 * graphql-js's default resolver would read under its schema name.
 */
import type { GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { PUBLIC_OPERATIONS } from './public-operations';

type RootName = keyof typeof PUBLIC_OPERATIONS;

export class AuthCoverageError extends Error {
  override name = 'AuthCoverageError';
}

/** Root field name → roles (undefined when not `@Authorized`), from TypeGraphQL's metadata. */
function authorizedRootFields(resolvers: readonly Function[]): Record<RootName, Map<string, unknown[] | undefined>> {
  const storage = getMetadataStorage();
  const ours = (target: Function) => resolvers.some((r) => r === target || r.prototype instanceof target);
  const collect = (defs: { target: Function; schemaName: string; roles?: unknown[] }[]) =>
    new Map(defs.filter((d) => ours(d.target)).map((d) => [d.schemaName, d.roles]));
  return { Query: collect(storage.queries), Mutation: collect(storage.mutations), Subscription: collect(storage.subscriptions) };
}

function simpleResolverProblems(schema: GraphQLSchema): string[] {
  const storage = getMetadataStorage();
  // A field with a @FieldResolver keeps TypeGraphQL's full resolver, simple type or not.
  const resolved = (target: Function, name: string) => storage.fieldResolvers.some((r) => r.getObjectType?.() === target && r.methodName === name);
  const problems: string[] = [];
  for (const type of storage.objectTypes.filter((t) => schema.getType(t.name) !== undefined)) {
    for (const field of type.fields ?? []) {
      const simple = (field.simple ?? type.simpleResolvers) && !resolved(type.target, field.name);
      if (simple && field.roles) problems.push(`${type.name}.${field.name} is @Authorized on a simple resolver (auth would be skipped)`);
      if (simple && field.middlewares?.length) problems.push(`${type.name}.${field.name} has middlewares on a simple resolver (they would be skipped)`);
      // graphql-js's default resolver reads the schema name, TypeGraphQL's the property name.
      if (simple && field.schemaName !== field.name) problems.push(`${type.name}.${field.name} is renamed to ${field.schemaName} on a simple resolver (it would read the wrong property)`);
    }
  }
  return problems;
}

export function findAuthCoverageProblems(schema: GraphQLSchema, resolvers: readonly Function[]): string[] {
  const authorized = authorizedRootFields(resolvers);
  const problems: string[] = [];
  const roots: [RootName, ReturnType<GraphQLSchema['getQueryType']>][] = [
    ['Query', schema.getQueryType()],
    ['Mutation', schema.getMutationType()],
    ['Subscription', schema.getSubscriptionType()],
  ];
  for (const [rootName, rootType] of roots) {
    const publicNames: readonly string[] = PUBLIC_OPERATIONS[rootName];
    const fieldNames = Object.keys(rootType?.getFields() ?? {});
    for (const name of fieldNames) {
      const isAuthorized = authorized[rootName].get(name) !== undefined;
      const isPublic = publicNames.includes(name);
      if (!isAuthorized && !isPublic) problems.push(`${rootName}.${name} is neither @Authorized() nor in PUBLIC_OPERATIONS`);
      if (isAuthorized && isPublic) problems.push(`${rootName}.${name} is @Authorized() and also listed in PUBLIC_OPERATIONS`);
    }
    for (const name of publicNames) {
      if (!fieldNames.includes(name)) problems.push(`PUBLIC_OPERATIONS lists ${rootName}.${name}, which is not in the schema`);
    }
  }
  return [...problems, ...simpleResolverProblems(schema)];
}

/** @throws AuthCoverageError naming every unguarded or mislisted root field. */
export function assertAuthCoverage(schema: GraphQLSchema, resolvers: readonly Function[]): void {
  const problems = findAuthCoverageProblems(schema, resolvers);
  if (problems.length > 0) throw new AuthCoverageError(`Authorization coverage check failed:\n  - ${problems.join('\n  - ')}`);
}
