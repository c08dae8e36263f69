/** The refresh-token cookie (cookie transport, AUTH_REFRESH_COOKIE=true). */
import type { FastifyReply } from 'fastify';
import type { RefreshCookie } from '../auth/client-info';

/** Name of the refresh-token cookie (cookie transport, AUTH_REFRESH_COOKIE=true). */
export const REFRESH_COOKIE = 'campus_refresh';

/**
 * The refresh cookie: HttpOnly (no script reads it), Secure, SameSite=Strict and scoped to
 * the GraphQL path, so that it travels only with same-site API calls.
 */
export function refreshCookieOf(cookies: Record<string, string | undefined>, reply: FastifyReply): RefreshCookie {
  const options = { httpOnly: true, secure: true, sameSite: 'strict' as const, path: '/graphql' };
  return {
    read: () => cookies[REFRESH_COOKIE] || undefined,
    set: (token, expiresAt) => void reply.setCookie(REFRESH_COOKIE, token, { ...options, expires: expiresAt }),
    clear: () => void reply.clearCookie(REFRESH_COOKIE, options),
  };
}
