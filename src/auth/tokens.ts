/**
 * Access tokens (JWT, HS256 pinned) and opaque secrets (refresh and reset tokens).
 *
 * An access token carries `sub` (user id), `sid` (session id), `role`, `jti`, `iat`, `exp`,
 * `iss`, `aud` and the header `typ: at+jwt`; verification requires all of them, so a token
 * minted elsewhere or for another purpose never passes. Refresh and reset tokens are random
 * 256-bit strings; only their SHA-256 is stored.
 */
import { createHash, createSecretKey, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Config } from '../config';
import { UnauthenticatedError } from '../shared/errors';
import { INVALID_ACCESS_TOKEN } from './access-token';
import { Role } from './viewer';

const ALGORITHM = 'HS256';
const ACCESS_TOKEN_TYPE = 'at+jwt';
/** Leeway for clocks that disagree slightly (RFC 7519 §4.1.4). */
const CLOCK_TOLERANCE_SECONDS = 5;

export interface AccessClaims {
  userId: string;
  sessionId: string;
  role: Role;
  /** Set by `verify` (the token's `exp`); ignored by `sign`. */
  expiresAt?: Date;
}

export interface SignedAccessToken {
  token: string;
  expiresAt: Date;
}

export class AccessTokens {
  /**
   * A key object made once: given a string, jsonwebtoken first tries to parse it as a
   * public key on every sign and verify (measured: ~5 % of a busy server's CPU).
   */
  private readonly secret: KeyObject;

  constructor(private readonly auth: Config['auth']) {
    if (!auth.jwtSecret) throw new Error('auth.jwtSecret is required');
    this.secret = createSecretKey(Buffer.from(auth.jwtSecret, 'utf8'));
  }

  sign(claims: AccessClaims, now = new Date()): SignedAccessToken {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + this.auth.accessTokenTtlSeconds;
    const token = jwt.sign({ sid: claims.sessionId, role: claims.role, iat, exp }, this.secret, {
      algorithm: ALGORITHM,
      header: { alg: ALGORITHM, typ: ACCESS_TOKEN_TYPE },
      subject: claims.userId,
      issuer: this.auth.issuer,
      audience: this.auth.audience,
      jwtid: randomUUID(),
    });
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /** @throws UnauthenticatedError (HTTP 401) for anything but a valid, unexpired access token. */
  verify(token: string): AccessClaims {
    const invalid = () => new UnauthenticatedError(INVALID_ACCESS_TOKEN, { httpStatus: 401 });
    let decoded: jwt.Jwt;
    try {
      decoded = jwt.verify(token, this.secret, {
        algorithms: [ALGORITHM],
        issuer: this.auth.issuer,
        audience: this.auth.audience,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        complete: true,
      });
    } catch {
      throw invalid();
    }
    const { header } = decoded;
    const payload = decoded.payload as jwt.JwtPayload;
    // jsonwebtoken accepts a token without `exp`; we never mint one, so we never accept one.
    const complete =
      header.typ === ACCESS_TOKEN_TYPE &&
      typeof payload.exp === 'number' &&
      typeof payload.iat === 'number' &&
      typeof payload.sub === 'string' &&
      typeof payload.sid === 'string' &&
      typeof payload.jti === 'string' &&
      Object.values(Role).includes(payload.role);
    if (!complete) throw invalid();
    return { userId: payload.sub!, sessionId: payload.sid, role: payload.role as Role, expiresAt: new Date(payload.exp! * 1000) };
  }
}

/** A new opaque secret (256 bits, URL-safe) for refresh and reset tokens. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored in place of an opaque token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
