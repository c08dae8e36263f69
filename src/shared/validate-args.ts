/**
 * TypeGraphQL's argument validation, without its per-call costs.
 *
 * TypeGraphQL 2 validates nothing unless asked, and when asked (`validate: {...}`) it
 * resolves `require('class-validator')` and runs the validator for every argument object of
 * every field call, including the many connection arguments of a nested list
 * (`comments(first: 10)` on each of 100 posts) whose class has no constraint at all. This
 * validator is imported once, skips classes without constraints (looked up once per class),
 * and reports failures as TypeGraphQL's own ArgumentValidationError, which format-error
 * turns into BAD_USER_INPUT with `extensions.fields`.
 */
import { getMetadataStorage, validate, type ValidatorOptions } from 'class-validator';
import { ArgumentValidationError, type ValidatorFn } from 'type-graphql';

/** Never echo the input in an error; validate what is present (TypeGraphQL's own defaults). */
const OPTIONS: ValidatorOptions = {
  skipMissingProperties: true,
  forbidUnknownValues: false,
  validationError: { target: false, value: false },
};

const constrained = new WeakMap<object, boolean>();

/** Whether class-validator has any constraint (own or inherited, nested included) on the class. */
function hasConstraints(type: object): boolean {
  let known = constrained.get(type);
  if (known === undefined) {
    known = getMetadataStorage().getTargetValidationMetadatas(type as new () => object, '', true, false).length > 0;
    constrained.set(type, known);
  }
  return known;
}

async function validateOne(value: unknown): Promise<void> {
  if (value === null || typeof value !== 'object') return;
  if (!hasConstraints(value.constructor)) return;
  const errors = await validate(value, OPTIONS);
  if (errors.length > 0) throw new ArgumentValidationError(errors);
}

/** The `validateFn` given to buildSchema: each argument object (or list item) is checked. */
export const validateArgs: ValidatorFn = async (value) => {
  if (Array.isArray(value)) {
    for (const item of value) await validateOne(item);
    return;
  }
  await validateOne(value);
};
