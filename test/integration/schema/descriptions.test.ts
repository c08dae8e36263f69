import { describe, expect, it } from '@jest/globals';
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, isScalarType, type GraphQLNamedType } from 'graphql';
import { Registry } from '../../../src/container';
import { createSchema } from '../../../src/schema';

const ROOTS = new Set(['Query', 'Mutation', 'Subscription']);

/** Every type, field, argument and enum value a client sees in Sandbox or codegen, undescribed. */
function undescribed(type: GraphQLNamedType): string[] {
  const missing: string[] = [];
  const builtIn = type.name.startsWith('__') || (isScalarType(type) && ['String', 'Boolean', 'Int', 'Float', 'ID'].includes(type.name));
  if (builtIn) return missing;
  if (!type.description && !ROOTS.has(type.name)) missing.push(type.name);
  if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
    for (const field of Object.values(type.getFields())) {
      if (!field.description) missing.push(`${type.name}.${field.name}`);
      for (const arg of 'args' in field ? field.args : []) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
    }
  }
  if (isEnumType(type)) for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
  return missing;
}

describe('schema documentation', () => {
  it('describes every type, field, argument and enum value', async () => {
    const schema = await createSchema(new Registry());

    expect(Object.values(schema.getTypeMap()).flatMap(undescribed)).toEqual([]);
  });
});
