/**
 * Turns the `Authorization` header into a viewer. No header means an anonymous caller;
 * anything else that is not a valid, live access token is UNAUTHENTICATED (never silently
 * anonymous, so that a client notices its token is wrong).
 */
import { UnauthenticatedError } from '../shared/errors';
import type { Viewer } from './viewer';

/** Verifies an access token and returns its viewer; throws UnauthenticatedError otherwise. */
export interface AccessTokenVerifier {
  verify(token: string): Promise<Viewer>;
}

/** The one message for every refused access token. */
export const INVALID_ACCESS_TOKEN = 'Invalid or expired access token';

const BEARER = /^Bearer ([A-Za-z0-9\-_.~+/]+=*)$/;

/** @returns the token, or null when the header is absent; throws on a malformed header. */
export function parseBearer(header: string | undefined): string | null {
  if (header === undefined) return null;
  const match = BEARER.exec(header.trim());
  // The same answer as a forged or expired token: a probe learns nothing from the difference.
  if (!match) throw new UnauthenticatedError(INVALID_ACCESS_TOKEN, { httpStatus: 401 });
  return match[1];
}
