/**
 * TypeGraphQL's argument validation, without its per-call costs.
 *
 * TypeGraphQL 2 validates nothing unless asked, and when asked (`validate: {...}`) it
 * resolves `require('class-validator')` and runs the validator for every argument object of
 * every field call, including the many connection arguments of a nested list
 * (`comments(first: 10)` on each of 100 posts) whose class has no constraint at all. This
 * validator is imported once, skips classes without constraints (looked up once per class),
 * remembers which flat argument values passed (the same `replies(first: 10)` on 600
 * comments is checked once), and reports failures as TypeGraphQL's own
 * ArgumentValidationError, which format-error turns into BAD_USER_INPUT with
 * `extensions.fields`.
 *
 * Remembering is sound because our constraints are pure functions of the value (no async
 * or context-dependent validators); only values of scalar properties are remembered.
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

/** Per class, keys of flat values that passed; cleared when it reaches PASSED_LIMIT entries. */
const passed = new WeakMap<object, Set<string>>();
const PASSED_LIMIT = 1_000;
/** Longer values (a post's text) are rarely repeated: not worth the memory. */
const KEY_MAX_LENGTH = 256;

/** A key for a short value whose own properties are all scalars (or null), else null. */
function flatKey(value: object): string | null {
  let key = '';
  for (const [name, property] of Object.entries(value)) {
    if (property !== null && typeof property === 'object') return null;
    key += `${name}=${typeof property}:${String(property)}\u0000`;
    if (key.length > KEY_MAX_LENGTH) return null;
  }
  return key;
}

async function validateOne(value: unknown): Promise<void> {
  if (value === null || typeof value !== 'object') return;
  const type = value.constructor;
  if (!hasConstraints(type)) return;
  const key = flatKey(value);
  let seen = passed.get(type);
  if (key !== null && seen?.has(key)) return;
  const errors = await validate(value, OPTIONS);
  if (errors.length > 0) throw new ArgumentValidationError(errors);
  if (key === null) return;
  if (!seen) passed.set(type, (seen = new Set()));
  if (seen.size >= PASSED_LIMIT) seen.clear();
  seen.add(key);
}

/** The `validateFn` given to buildSchema: each argument object (or list item) is checked. */
export const validateArgs: ValidatorFn = async (value) => {
  if (Array.isArray(value)) {
    for (const item of value) await validateOne(item);
    return;
  }
  await validateOne(value);
};
