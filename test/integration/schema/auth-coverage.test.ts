import { describe, expect, it } from '@jest/globals';
import { Authorized, buildSchema, Field, ObjectType, Query, Resolver, UseMiddleware } from 'type-graphql';
import { authChecker } from '../../../src/auth/auth-checker';
import { findAuthCoverageProblems } from '../../../src/auth/auth-coverage';
import { Registry } from '../../../src/container';
import { resolvers } from '../../../src/modules';
import { createSchema } from '../../../src/schema';

@ObjectType('CoverageProbe', { simpleResolvers: true })
class CoverageProbe {
  @Authorized()
  @Field(() => String)
  secret!: string;

  @UseMiddleware(async (_, next) => next())
  @Field(() => String)
  logged!: string;

  @Field(() => String, { name: 'shownAs' })
  renamed!: string;
}

@Resolver()
class UnguardedResolver {
  @Query(() => CoverageProbe)
  forgotToGuard(): CoverageProbe {
    return { secret: 's', logged: 'l', renamed: 'r' };
  }

  @Authorized()
  @Query(() => String)
  guarded(): string {
    return 'ok';
  }
}

describe('authorization coverage', () => {
  it('finds every root operation of the API guarded or explicitly public', async () => {
    const schema = await createSchema(new Registry());

    expect(findAuthCoverageProblems(schema, resolvers)).toEqual([]);
  });

  it('reports a root field that is neither @Authorized nor public, and @Authorized or middlewares on simple resolvers', async () => {
    const schema = await buildSchema({ resolvers: [UnguardedResolver], authChecker, validate: false });

    const problems = findAuthCoverageProblems(schema, [UnguardedResolver]);

    expect(problems).toEqual(
      expect.arrayContaining([
        'Query.forgotToGuard is neither @Authorized() nor in PUBLIC_OPERATIONS',
        'CoverageProbe.secret is @Authorized on a simple resolver (auth would be skipped)',
        'CoverageProbe.logged has middlewares on a simple resolver (they would be skipped)',
        'CoverageProbe.renamed is renamed to shownAs on a simple resolver (it would read the wrong property)',
      ]),
    );
    expect(problems.join('\n')).not.toContain('Query.guarded');
  });
});
