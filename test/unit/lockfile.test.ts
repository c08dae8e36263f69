import { describe, expect, it } from '@jest/globals';
import lock from '../../package-lock.json';

/**
 * `npm ci` refuses a lockfile that lacks any optional platform package of a dependency
 * (@swc/core-darwin-arm64, …). The registry mirror used here lacks some of them for the
 * newest releases, and `npm install` then silently leaves them out of the lockfile, so CI's
 * `npm ci` fails. Pin such dependencies to versions whose platform packages all exist.
 */
describe('package-lock.json', () => {
  it('lists every optional dependency of every locked package, so `npm ci` accepts it', () => {
    const packages = lock.packages as Record<string, { optionalDependencies?: Record<string, string> }>;

    const missing = Object.entries(packages).flatMap(([location, info]) =>
      Object.keys(info.optionalDependencies ?? {})
        .filter((dep) => !packages[`node_modules/${dep}`] && !packages[`${location}/node_modules/${dep}`])
        .map((dep) => `${location} → ${dep}`),
    );

    expect(missing).toEqual([]);
  });
});
