/**
 * The argument validator given to TypeGraphQL: skips unconstrained classes, remembers flat
 * values that passed, and never lets a remembered value hide a different, invalid one.
 */
import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ArgumentValidationError } from 'type-graphql';
import { validateArgs } from '../../src/shared/validate-args';

class PageArgs {
  @Min(1) @Max(100) first?: number | null;
  @MaxLength(8) after?: string | null;
}

class Inner {
  @MaxLength(3) name!: string;
}

class Outer {
  @ValidateNested() inner!: Inner;
}

class Unconstrained {
  anything?: unknown;
}

const make = <T extends object>(type: new () => T, values: Partial<T>): T => Object.assign(new type(), values);
const check = (value: unknown) => validateArgs(value, Object, {} as never);

describe('validateArgs', () => {
  it('accepts valid values, again and again (remembered), and still refuses invalid ones after', async () => {
    await expect(check(make(PageArgs, { first: 10 }))).resolves.toBeUndefined();
    await expect(check(make(PageArgs, { first: 10 }))).resolves.toBeUndefined();
    await expect(check(make(PageArgs, { first: 0 }))).rejects.toBeInstanceOf(ArgumentValidationError);
    await expect(check(make(PageArgs, { first: 10, after: 'way-too-long' }))).rejects.toBeInstanceOf(ArgumentValidationError);
    await expect(check(make(PageArgs, { first: 10, after: 'ok' }))).resolves.toBeUndefined();
  });

  it('validates nested objects every time (they are not remembered)', async () => {
    await expect(check(make(Outer, { inner: make(Inner, { name: 'abc' }) }))).resolves.toBeUndefined();
    await expect(check(make(Outer, { inner: make(Inner, { name: 'abcd' }) }))).rejects.toBeInstanceOf(ArgumentValidationError);
  });

  it('checks every item of a list argument', async () => {
    await expect(check([make(Inner, { name: 'a' }), make(Inner, { name: 'toolong' })])).rejects.toBeInstanceOf(ArgumentValidationError);
  });

  it('lets scalars and classes without constraints through', async () => {
    await expect(check(5)).resolves.toBeUndefined();
    await expect(check(null)).resolves.toBeUndefined();
    await expect(check(make(Unconstrained, { anything: { deep: true } }))).resolves.toBeUndefined();
  });

  it('reports which field failed, without the value', async () => {
    const error = await Promise.resolve(check(make(PageArgs, { first: 1000 }))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArgumentValidationError);
    const [problem] = (error as ArgumentValidationError).extensions.validationErrors;
    expect(problem).toMatchObject({ property: 'first' });
    expect(problem).not.toHaveProperty('value');
  });
});
