/**
 * The server's Node flags (a larger young generation: see README, Performance) are given by
 * `npm start`; the container and the benchmark must run the server the same way.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

function startFlags(): string[] {
  const { scripts } = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
  const match = /\bnode ((?:--[\w-]+(?:=\S+)? )*)dist\/src\/main\.js/.exec(scripts.start);
  expect(match).not.toBeNull();
  return match![1].trim().split(/\s+/).filter(Boolean);
}

describe('server start flags', () => {
  it('npm start sizes the young generation', () => {
    expect(startFlags()).toContain('--max-semi-space-size=64');
  });

  it('the Dockerfile runs the server with the same flags', () => {
    const cmd = /^CMD (\[.*\])$/m.exec(read('Dockerfile'));
    expect(cmd).not.toBeNull();
    expect(JSON.parse(cmd![1])).toEqual(['node', ...startFlags(), 'dist/src/main.js']);
  });
});
