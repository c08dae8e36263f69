/**
 * HMAC-SHA256 signatures for the local driver's upload and download URLs. The key is
 * derived (HKDF) from the server's JWT secret with its own label, so the two uses never
 * share a key and no extra secret has to be configured. Verification is constant-time.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

export class UrlSigner {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'campus-media', 'local upload and download URLs', 32));
  }

  /** The signature of `fields` (order matters; JSON keeps field boundaries unambiguous). */
  sign(fields: readonly (string | number)[]): string {
    return createHmac('sha256', this.key).update(JSON.stringify(fields)).digest('base64url');
  }

  verify(fields: readonly (string | number)[], signature: string): boolean {
    const expected = Buffer.from(this.sign(fields), 'base64url');
    const given = Buffer.from(signature, 'base64url');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
