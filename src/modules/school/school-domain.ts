/**
 * School e-mail domains. An address belongs to a school when its domain equals the school's
 * domain or is a subdomain of it (cs.korea.ac.kr belongs to korea.ac.kr; notkorea.ac.kr does
 * not). Pure functions, tested directly.
 */

/** A domain as stored: trimmed, lower-cased, without a leading "@" or trailing dot. */
export function normalizeDomain(domain: string): string {
  return domain.trim().toLowerCase().replace(/^@/, '').replace(/\.$/, '');
}

/** DNS host name rules (RFC 1123 labels), at least two labels: "korea.ac.kr". */
const DOMAIN_PATTERN = /^(?=.{3,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function isValidDomain(domain: string): boolean {
  return DOMAIN_PATTERN.test(domain) && !/^\d+(\.\d+)*$/.test(domain);
}

/** The domain part of an address, normalised; null when there is none. */
export function domainOfEmail(email: string): string | null {
  const at = email.lastIndexOf('@');
  if (at < 1 || at === email.length - 1) return null;
  return normalizeDomain(email.slice(at + 1));
}

/** Whether `email` is at `domain` or one of its subdomains. */
export function isAtDomain(email: string, domain: string): boolean {
  const host = domainOfEmail(email);
  const school = normalizeDomain(domain);
  return host !== null && school !== '' && (host === school || host.endsWith(`.${school}`));
}

/**
 * The domains an address could belong to, longest first: "a@cs.korea.ac.kr" gives
 * cs.korea.ac.kr, korea.ac.kr, ac.kr (one lookup finds the most specific school).
 */
export function candidateDomains(email: string): string[] {
  const host = domainOfEmail(email);
  if (!host) return [];
  const labels = host.split('.');
  return labels.slice(0, -1).map((_, i) => labels.slice(i).join('.'));
}
