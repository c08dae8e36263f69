/**
 * Request facts that services need without depending on the GraphQL context (a type-only
 * leaf, so services never import the context).
 */

/** Who is calling from where, for session records and per-IP limits. */
export interface ClientInfo {
  ip: string;
  userAgent?: string;
}

/** The refresh-token cookie of this request (cookie transport, when enabled). */
export interface RefreshCookie {
  read(): string | undefined;
  set(token: string, expiresAt: Date): void;
  clear(): void;
}
