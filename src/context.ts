/**
 * The per-request GraphQL context. The viewer is established once here from the bearer
 * token; loaders are new per request (they cache per request and some are viewer-scoped).
 * Prisma is deliberately absent: resolvers reach data through services and loaders.
 */
import type { AccessTokenVerifier } from './auth/access-token';
import { parseBearer } from './auth/access-token';
import type { Viewer } from './auth/viewer';
import type { Db } from './db/prisma';
import type { ClientInfo, RefreshCookie } from './auth/client-info';
import type { Loaders } from './modules/loaders';
import type { RealtimeSource } from './realtime/source';

export interface Context {
  requestId: string;
  viewer: Viewer | null;
  loaders: Loaders;
  client: ClientInfo;
  /** Null when the cookie transport is off, or outside HTTP. */
  refreshCookie: RefreshCookie | null;
  /**
   * The account this request signed in as (signup, login, refresh, password change), so that
   * the payload's `user` shows its own private fields although the request had no viewer.
   */
  signedInAs: string | null;
  /** The subscription streams: set only for operations over WebSocket (src/realtime). */
  realtime?: RealtimeSource;
}

export interface ContextDeps {
  db: Db;
  tokens: AccessTokenVerifier;
  /** Handed in by the composition root, so the context does not depend on the modules. */
  createLoaders: (db: Db, viewer: Viewer | null) => Loaders;
}

export interface RequestInfo {
  requestId: string;
  authorization?: string;
  client?: ClientInfo;
  refreshCookie?: RefreshCookie | null;
}

export async function createContext(deps: ContextDeps, request: RequestInfo): Promise<Context> {
  const token = parseBearer(request.authorization);
  const viewer = token === null ? null : await deps.tokens.verify(token);
  return {
    requestId: request.requestId,
    viewer,
    loaders: deps.createLoaders(deps.db, viewer),
    client: request.client ?? { ip: 'local' },
    refreshCookie: request.refreshCookie ?? null,
    signedInAs: null,
  };
}
