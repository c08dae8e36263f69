/**
 * The per-request GraphQL context. The viewer is established once here from the bearer
 * token (an invalid one is remembered in `rejectedToken`, see there); loaders are new per request (they cache per request and some are viewer-scoped).
 * Prisma is deliberately absent: resolvers reach data through services and loaders.
 */
import type { AccessTokenVerifier } from './auth/access-token';
import { parseBearer } from './auth/access-token';
import type { Viewer } from './auth/viewer';
import type { Db } from './db/prisma';
import type { ClientInfo, RefreshCookie } from './auth/client-info';
import type { Loaders } from './modules/loaders';
import { isDatabaseUnavailable } from './shared/database-unavailable';
import { AppError, ServiceUnavailableError, UnauthenticatedError } from './shared/errors';
import type { RealtimeSource } from './realtime/source';

export interface Context {
  requestId: string;
  viewer: Viewer | null;
  /**
   * Set when the request carried an Authorization header that is not a valid, live access
   * token; the viewer is then null. Operations made only of TOKEN_INDEPENDENT_OPERATIONS run
   * anyway; any other answers this error (401) before execution (src/plugins/stale-token.ts).
   */
  rejectedToken: UnauthenticatedError | null;
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
  let token: string | null = null;
  try {
    token = parseBearer(request.authorization);
  } catch (error) {
    if (!(error instanceof UnauthenticatedError)) throw error;
    return contextOf(deps, request, null, error);
  }
  let viewer: Viewer | null = null;
  let rejectedToken: UnauthenticatedError | null = null;
  try {
    viewer = token === null ? null : await deps.tokens.verify(token);
  } catch (error) {
    // The session check reads the database: an outage is a 503 (retry), not a 500.
    if (!(error instanceof AppError) && isDatabaseUnavailable(error)) throw new ServiceUnavailableError({ cause: error });
    if (!(error instanceof UnauthenticatedError)) throw error;
    rejectedToken = error;
  }
  return contextOf(deps, request, viewer, rejectedToken);
}

function contextOf(deps: ContextDeps, request: RequestInfo, viewer: Viewer | null, rejectedToken: UnauthenticatedError | null): Context {
  return {
    requestId: request.requestId,
    viewer,
    rejectedToken,
    loaders: deps.createLoaders(deps.db, viewer),
    client: request.client ?? { ip: 'local' },
    refreshCookie: request.refreshCookie ?? null,
    signedInAs: null,
  };
}
