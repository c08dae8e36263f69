/**
 * The per-request GraphQL context. The viewer is established once here from the bearer
 * token; loaders are new per request (they cache per request and some are viewer-scoped).
 * Prisma is deliberately absent: resolvers reach data through services and loaders.
 */
import type { AccessTokenVerifier } from './auth/access-token';
import { parseBearer } from './auth/access-token';
import type { Viewer } from './auth/viewer';
import type { Db } from './db/prisma';
import { createLoaders, type Loaders } from './modules';

export interface Context {
  requestId: string;
  viewer: Viewer | null;
  loaders: Loaders;
}

/** A context whose viewer is known to be present (inside `@Authorized()` operations). */
export interface AuthedContext extends Context {
  viewer: Viewer;
}

export interface ContextDeps {
  db: Db;
  tokens: AccessTokenVerifier;
}

export async function createContext(deps: ContextDeps, request: { requestId: string; authorization?: string }): Promise<Context> {
  const token = parseBearer(request.authorization);
  const viewer = token === null ? null : await deps.tokens.verify(token);
  return { requestId: request.requestId, viewer, loaders: createLoaders(deps.db, viewer) };
}
