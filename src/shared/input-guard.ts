/**
 * Refuses, before execution, strings that are not storable text: a NUL (U+0000), which
 * PostgreSQL text cannot hold ("invalid byte sequence for encoding UTF8"), and an unpaired
 * UTF-16 surrogate (valid in JSON as "\ud800"), which Prisma's query engine cannot serialise.
 * Either would otherwise fail the first query that carries it and surface as
 * INTERNAL_SERVER_ERROR. Checked once for every operation, in variables and in literals, so
 * that no argument, present or future, reaches the database with one. Found by the mutation
 * fuzzer (test/integration/security/mutation-fuzz.test.ts).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { visit, type DocumentNode } from 'graphql';
import { AppError, ErrorCode } from './errors';

const PROBLEM = 'must be valid text (no NUL character or unpaired surrogate)';

/** In Unicode mode a surrogate pair is one code point, so \p{Cs} matches unpaired halves only. */
// oxlint-disable-next-line no-control-regex -- NUL is exactly what this pattern detects
const UNSTORABLE = /[\u0000\p{Cs}]/u;

class InvalidTextError extends AppError {
  constructor(field: string) {
    super(ErrorCode.BAD_USER_INPUT, `${field}: ${PROBLEM}`, { fields: [{ field, message: PROBLEM }] }, { httpStatus: 400 });
  }
}

/** The path (`input.title`, `ids.2`) of the first unstorable string in `value`, if any. */
function invalidTextPath(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = invalidTextPath(item, `${path}.${index}`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = invalidTextPath(item, path ? `${path}.${key}` : key);
      if (found) return found;
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
      if (!found && UNSTORABLE.test(node.value)) found = argument ?? 'query';
    },
  });
  return found;
}

export function inputGuardPlugin(): ApolloServerPlugin<object> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const field = invalidTextPath(request.variables ?? {}, '') ?? invalidLiteralArgument(document);
          if (field) throw new InvalidTextError(field);
        },
      };
    },
  };
}
