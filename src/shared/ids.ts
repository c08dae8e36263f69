/**
 * The one id rule: an id (`ID` argument or input field) is at most ID_MAX_LENGTH characters;
 * a longer one is refused as BAD_USER_INPUT "is not a valid id" before any query. Every id
 * the server hands out is a UUID (36 characters); the cap keeps a megabyte "id" away from
 * the database and the logs.
 *
 * - input and argument classes: `@IsId()` on the field (`@IsId({ each: true })` on id lists);
 * - a root field's own id argument: `@IdArg('postId', 'The post id.')` in the resolver.
 */
import { MaxLength, ValidationError, type ValidationOptions } from 'class-validator';
import { Arg, ArgumentValidationError, ID } from 'type-graphql';

export const ID_MAX_LENGTH = 64;
export const ID_MESSAGE = 'is not a valid id';

/** class-validator rule of an ID field: at most ID_MAX_LENGTH characters. */
export function IsId(options: Pick<ValidationOptions, 'each' | 'message'> = {}): PropertyDecorator {
  return MaxLength(ID_MAX_LENGTH, { message: ID_MESSAGE, ...options });
}

function invalidId(name: string): ArgumentValidationError {
  const problem = new ValidationError();
  problem.property = name;
  problem.constraints = { maxLength: ID_MESSAGE };
  return new ArgumentValidationError([problem]);
}

/**
 * A non-null `ID` argument named `name` of a root field, checked by the id rule (reported as
 * the field `name`, like an argument class's failure).
 */
export function IdArg(name: string, description: string): ReturnType<typeof Arg> {
  return Arg(name, () => ID, {
    description,
    validateFn: (value) => {
      if (typeof value === 'string' && value.length > ID_MAX_LENGTH) throw invalidId(name);
    },
  });
}
