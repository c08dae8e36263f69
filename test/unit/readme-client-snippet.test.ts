import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The README's React snippet ("Generating a typed client") is made of excerpts of the
 * example web app: a comment line naming a file (`// examples/web/src/apollo/client.ts`)
 * starts that file's lines, other comment lines are notes, and every other line must appear
 * in the named file, in the same order. So the snippet cannot drift from code that compiles
 * and runs (test/e2e/web-example.test.ts).
 */
const ROOT = path.resolve(__dirname, '..', '..');
const FILE_LINE = /^\/\/ ((?:examples|client)\/\S+\.tsx?)$/;

function readmeSnippet(): string[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Generating a typed client'));
  const block = /```tsx\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README.md: no tsx block under "Generating a typed client"');
  return block[1].split('\n');
}

/** Lines of the snippet missing from their file (or out of order there), as `file: line`. */
function missingLines(snippet: string[]): string[] {
  const missing: string[] = [];
  let file: string | null = null;
  let lines: string[] = [];
  let next = 0;
  for (const raw of snippet) {
    const line = raw.trim();
    const named = FILE_LINE.exec(line);
    if (named) {
      file = named[1];
      const full = path.join(ROOT, file);
      lines = existsSync(full) ? readFileSync(full, 'utf8').split('\n').map((l) => l.trim()) : [];
      if (lines.length === 0) missing.push(`${file}: the file does not exist`);
      next = 0;
      continue;
    }
    if (line === '' || line.startsWith('//')) continue;
    if (!file) {
      missing.push(`(no file named before) ${line}`);
      continue;
    }
    const found = lines.indexOf(line, next);
    if (found < 0) missing.push(`${file}: ${line}`);
    else next = found + 1;
  }
  return missing;
}

describe("README's React snippet", () => {
  it('is made of lines of the example web app, in their order there', () => {
    const snippet = readmeSnippet();

    expect(snippet.filter((line) => FILE_LINE.test(line.trim())).length).toBeGreaterThanOrEqual(2);
    expect(missingLines(snippet)).toEqual([]);
  });

  it('fails on a line the app does not have', () => {
    expect(missingLines(['// examples/web/src/apollo/client.ts', "import { nothing } from 'nowhere';"])).toEqual(["examples/web/src/apollo/client.ts: import { nothing } from 'nowhere';"]);
  });
});
