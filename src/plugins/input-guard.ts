/**
 * Refuses, before execution, strings that are not storable text: a NUL (U+0000), which
 * PostgreSQL text cannot hold ("invalid byte sequence for encoding UTF8"), and an unpaired
 * UTF-16 surrogate (valid in JSON as "\ud800"), which Prisma's query engine cannot serialise.
 * Either would otherwise fail the first query that carries it and surface as
 * INTERNAL_SERVER_ERROR. Checked once for every operation, in variables and in literals, so
 * that no argument, present or future, reaches the database with one. Found by the mutation
 * fuzzer (test/integration/security/mutation-fuzz.test.ts). Variables nested deeper than
 * MAX_VARIABLE_DEPTH are refused here too.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { visit, type DocumentNode } from 'graphql';
import { AppError, ErrorCode } from '../shared/errors';
import { isStorableText } from '../shared/sql-text';

const PROBLEM = 'must be valid text (no NUL character or unpaired surrogate)';

/**
 * How deep variables may nest. The deepest input of the schema is a few levels; JSON nested
 * 45,000 levels (90 KB, within the body limit) overflowed the stack of a recursive walk.
 */
export const MAX_VARIABLE_DEPTH = 32;

class InvalidTextError extends AppError {
  constructor(field: string) {
    super(ErrorCode.BAD_USER_INPUT, `${field}: ${PROBLEM}`, { fields: [{ field, message: PROBLEM }] }, { httpStatus: 400 });
  }
}

class VariablesTooDeepError extends AppError {
  constructor() {
    const message = `must not nest deeper than ${MAX_VARIABLE_DEPTH} levels`;
    super(ErrorCode.BAD_USER_INPUT, `variables: ${message}`, { fields: [{ field: 'variables', message }] }, { httpStatus: 400 });
  }
}

/**
 * The path (`input.title`, `ids.2`) of the first unstorable string in `variables`, if any.
 * Iterative (an explicit stack), and refuses nesting beyond MAX_VARIABLE_DEPTH.
 * @throws VariablesTooDeepError
 */
function invalidTextPath(variables: Record<string, unknown>): string | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: variables, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (!isStorableText(value)) return path;
      continue;
    }
    if (!value || typeof value !== 'object') continue;
    if (depth >= MAX_VARIABLE_DEPTH) throw new VariablesTooDeepError();
    const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
    // Pushed in reverse, so that the first problem in document order is found first.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, item] = entries[i]!;
      stack.push({ value: item, path: path ? `${path}.${key}` : key, depth: depth + 1 });
    }
  }
  return undefined;
}

/** The name of the argument whose literal value is unstorable text, if any. */
function invalidLiteralArgument(document: DocumentNode): string | undefined {
  let argument: string | undefined;
  let found: string | undefined;
  visit(document, {
    Argument: { enter: (node) => void (argument = node.name.value) },
    StringValue: (node) => {
      if (!found && !isStorableText(node.value)) found = argument ?? 'query';
    },
  });
  return found;
}

export function inputGuardPlugin(): ApolloServerPlugin<object> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const field = invalidTextPath(request.variables ?? {}) ?? invalidLiteralArgument(document);
          if (field) throw new InvalidTextError(field);
        },
      };
    },
  };
}
