import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { GraphQLError } from 'graphql';
import { NotFoundError } from '../../src/shared/errors';
import { createFormatError, redactValues } from '../../src/shared/format-error';
import { createLogger } from '../../src/shared/logger';
import { requestScope } from '../../src/shared/request-context';

function capture() {
  const lines: string[] = [];
  const logger = createLogger('info', new Writable({ write: (c: Buffer, _e, cb) => (lines.push(c.toString()), cb()) }));
  return { formatError: createFormatError(logger), lines };
}

/** What graphql-js hands formatError for an error thrown in a resolver. */
function resolverError(original: Error): GraphQLError {
  return new GraphQLError(original.message, { path: ['schools'], originalError: original });
}

describe('formatError', () => {
  it('masks an unexpected resolver error and logs it with the request id', () => {
    const { formatError, lines } = capture();
    const error = resolverError(new Error('db password=hunter2 at /srv/app.js'));

    const formatted = requestScope.run({ requestId: 'req-1' }, () => formatError({ message: error.message, path: ['schools'] }, error));

    expect(formatted).toEqual({ message: 'Internal server error', path: ['schools'], extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-1' } });
    expect(lines.join('')).toContain('hunter2');
    expect(JSON.parse(lines[0])).toMatchObject({ requestId: 'req-1', level: 50 });
  });

  it('masks a resolver GraphQLError that claims a client code (it may carry internals)', () => {
    const { formatError } = capture();
    const error = resolverError(new GraphQLError('relation "users" violates constraint', { extensions: { code: 'BAD_USER_INPUT' } }));

    const formatted = formatError({ message: error.message, path: ['schools'], extensions: { code: 'BAD_USER_INPUT' } }, error);

    expect(formatted.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(formatted.message).toBe('Internal server error');
  });

  it('passes application errors through with their code', () => {
    const { formatError } = capture();
    const error = resolverError(new NotFoundError('Post'));

    expect(formatError({ message: 'x', path: ['post'] }, error)).toEqual({ message: 'Post not found', path: ['post'], extensions: { code: 'NOT_FOUND' } });
  });

  it('maps TypeGraphQL UNAUTHORIZED to FORBIDDEN', () => {
    const { formatError } = capture();
    const error = resolverError(new GraphQLError('Access denied!', { extensions: { code: 'UNAUTHORIZED' } }));

    expect(formatError({ message: 'x', path: ['x'] }, error).extensions).toEqual({ code: 'FORBIDDEN' });
  });
});

describe('redactValues', () => {
  it.each([
    ['Variable "$input" got invalid value "hunter2" at "input.age"; Int cannot represent non-integer value: "hunter2"'],
    ['Variable "$id" got invalid value { password: "hunter2" }; ID cannot represent value: { password: "hunter2" }'],
    ['Variable "$x" got invalid value "hunter2"; Expected type "Role". Did you mean "USER"?'],
    ['String cannot represent a non string value: hunter2'],
  ])('removes submitted values from %s', (message) => {
    expect(redactValues(message)).not.toContain('hunter2');
  });
});
