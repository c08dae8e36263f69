import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Absolute path of a file shipped with the project (migrations, the password worker),
 * found by walking up from this module: it runs from src/ under the tests and from
 * dist/src/ once compiled.
 */
export function projectFile(relativePath: string, from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, relativePath);
    if (existsSync(candidate)) return candidate;
    if (dir === path.dirname(dir)) throw new Error(`${relativePath} not found above ${from}`);
  }
}
