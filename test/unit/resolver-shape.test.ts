import { describe, expect, it } from '@jest/globals';
import { parseSync } from '@swc/core';
import type { ClassMember, Module } from '@swc/core';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * docs/architecture.md: resolvers are one statement — take the arguments and the viewer,
 * call one service or loader method, return. Every method of every class in
 * src/modules/**\/*.resolver.ts (constructors aside: they only receive the services) must
 * have a body of exactly one statement; a decision that needs a second one belongs in the
 * service, a loader or the module's policy. Parsed with swc (the compiler the tests run
 * on), so comments, strings and nested functions cannot fool the count.
 */
const ROOT = join(__dirname, '..', '..');
const MODULES = join(ROOT, 'src', 'modules');

function resolverFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return resolverFiles(path);
    return entry.name.endsWith('.resolver.ts') ? [path] : [];
  });
}

function memberName(member: ClassMember): string {
  if (member.type !== 'ClassMethod' && member.type !== 'PrivateMethod') return '?';
  const key = member.key;
  // swc's type declarations put a private name under `id`; its parser (1.16) answers `value`.
  if (key.type === 'PrivateName') return `#${(key as { value?: string }).value ?? key.id?.value}`;
  if (key.type === 'Identifier' || key.type === 'StringLiteral') return key.value;
  return '<computed>';
}

/** "file Class.method (n statements)" for every method whose body is not one statement. */
function offendingMethods(file: string, source: string): string[] {
  const module: Module = parseSync(source, { syntax: 'typescript', decorators: true, target: 'es2022' });
  const offences: string[] = [];
  for (const item of module.body) {
    const declaration =
      item.type === 'ClassDeclaration'
        ? item
        : item.type === 'ExportDeclaration' && item.declaration.type === 'ClassDeclaration'
          ? item.declaration
          : undefined;
    if (!declaration) continue;
    for (const member of declaration.body) {
      if (member.type !== 'ClassMethod' && member.type !== 'PrivateMethod') continue;
      const statements = member.function.body?.stmts.length ?? 0;
      if (statements !== 1) {
        offences.push(`${file} ${declaration.identifier.value}.${memberName(member)} (${statements} statements)`);
      }
    }
  }
  return offences;
}

describe('resolver shape', () => {
  it('finds the resolver files', () => {
    expect(resolverFiles(MODULES).length).toBeGreaterThan(10);
  });

  it('flags a method of two statements, of none, and a private one', () => {
    const source = `
      @Resolver()
      export class R {
        constructor(private readonly s: S) {}
        @Query(() => Boolean) one(@Ctx() ctx: C) { return this.s.one(ctx.viewer, () => { a(); b(); }); }
        @Mutation(() => Boolean) async two(@Arg('x') x: string) { await this.s.two(x); return true; }
        @Mutation(() => Boolean) none() {}
        #helper() { a(); b(); }
      }`;
    expect(offendingMethods('r.resolver.ts', source)).toEqual([
      'r.resolver.ts R.two (2 statements)',
      'r.resolver.ts R.none (0 statements)',
      'r.resolver.ts R.#helper (2 statements)',
    ]);
  });

  it('every resolver method in src/modules is one statement', () => {
    const offences = resolverFiles(MODULES).flatMap((path) =>
      offendingMethods(relative(ROOT, path), readFileSync(path, 'utf8')),
    );
    expect(offences).toEqual([]);
  });
});
