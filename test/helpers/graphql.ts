/**
 * Runs operations through the real pipeline. `exec` is in-process (Apollo's
 * executeOperation with the context an HTTP request would get); `post` goes over HTTP to
 * a listening app, for behaviour that lives at the HTTP level.
 */
import { randomUUID } from 'node:crypto';
import { expect } from '@jest/globals';
import type { GraphQLFormattedError } from 'graphql';
import type { App } from '../../src/app';
import { AppError } from '../../src/shared/errors';
import { requestScope } from '../../src/shared/request-context';

export interface Result<TData = Record<string, any>> {
  data?: TData | null;
  errors?: readonly GraphQLFormattedError[];
  /** SQL statements the request sent (in-process `exec` only). */
  sqlStatements?: number;
  /** The data, failing the test (with the whole body) when there are errors. */
  expectData(): TData;
  /** The first error, failing the test unless its code is `code`. */
  expectError(code: string): GraphQLFormattedError;
}

function result<TData>(operation: string, body: { data?: TData | null; errors?: readonly GraphQLFormattedError[] }): Result<TData> {
  const dump = () => `operation:\n${operation}\nresponse:\n${JSON.stringify(body, null, 2)}`;
  return {
    ...body,
    expectData() {
      if (body.errors?.length || !body.data) throw new Error(`expected data without errors\n${dump()}`);
      return body.data;
    },
    expectError(code: string) {
      const error = body.errors?.[0];
      if (!error) throw new Error(`expected a ${code} error\n${dump()}`);
      expect({ code: error.extensions?.code, body: dump() }).toMatchObject({ code });
      return error;
    },
  };
}

export async function exec<TData = Record<string, any>>(
  app: App,
  query: string,
  variables: Record<string, unknown> = {},
  options: { token?: string } = {},
): Promise<Result<TData>> {
  const scope = { requestId: randomUUID(), sqlStatements: 0 };
  return requestScope.run(scope, async () => {
    let contextValue;
    try {
      contextValue = await app.contextFor(options.token ? `Bearer ${options.token}` : undefined);
    } catch (error) {
      // Over HTTP this is a 401 response carrying the error; answer the same shape here.
      if (!(error instanceof AppError)) throw error;
      return result<TData>(query, { errors: [{ message: error.message, extensions: { code: error.code } }] });
    }
    const response = await app.apollo.executeOperation<TData>({ query, variables }, { contextValue });
    if (response.body.kind !== 'single') throw new Error('incremental delivery is not used');
    // Serialise as HTTP would, so that scalars (DateTime) look exactly as clients see them.
    const body = JSON.parse(JSON.stringify(response.body.singleResult)) as { data?: TData | null; errors?: readonly GraphQLFormattedError[] };
    return { ...result(query, body), sqlStatements: scope.sqlStatements };
  });
}

export interface HttpResult<TData> extends Result<TData> {
  status: number;
  headers: Headers;
  text: string;
}

/** POSTs a GraphQL request to `baseUrl` (e.g. from `app.listen()`). */
export async function post<TData = Record<string, any>>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<HttpResult<TData>> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { ...result<TData>(query, JSON.parse(text)), status: response.status, headers: response.headers, text };
}
