/**
 * TRUST_PROXY as Fastify's `trustProxy`: who `request.ip` is, for per-IP limits and
 * Session.ip. Off: the socket's address, and X-Forwarded-For is ignored (anyone can write it).
 *
 * - A list of addresses / CIDR ranges (the recommended form): X-Forwarded-For is read from
 *   the right, skipping the addresses of those proxies; the first other address is the client.
 *   A request that does not come from a listed proxy is taken at its socket address.
 * - A hop count n: the client is the n-th address from the right of X-Forwarded-For (the
 *   socket being hop 0). This cannot check who sent the request, so it is safe only when the
 *   server is reachable through the proxies alone. Fastify 5 turns a bare number into "trust
 *   nothing" for that reason, so the count is given as a function (Express's semantics).
 */
import type { Config } from '../config';

type TrustProxy = false | string[] | ((address: string, hop: number) => boolean);

export function fastifyTrustProxy(setting: Config['http']['trustProxy']): TrustProxy {
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return setting;
}
