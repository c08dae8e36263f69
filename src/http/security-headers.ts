/**
 * Security headers on every response (docs/security.md C4), by @fastify/helmet: HSTS, nosniff,
 * frame and referrer policies, cross-origin opener/resource policies, and a Content Security
 * Policy that allows nothing, since the API serves JSON.
 *
 * Apollo Sandbox on `GET /graphql` (development, GRAPHQL_SANDBOX) loads
 * its scripts, styles and iframe from Apollo's CDN and runs inline scripts carrying a nonce.
 * Browsers enforce every policy a page gets, so that page's header policy allows those
 * origins and that nonce (read from the page itself), nothing else.
 */
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/** The API's own policy: JSON is never rendered, framed or allowed to load anything. */
const API_CSP = {
  defaultSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

/** Origins Apollo's landing page (@apollo/server 5 plugin/landingPage/default) loads from. */
const APOLLO_CDN = [
  'https://apollo-server-landing-page.cdn.apollographql.com',
  'https://embeddable-sandbox.cdn.apollographql.com',
  'https://embeddable-explorer.cdn.apollographql.com',
];
const APOLLO_FRAMES = ['https://sandbox.embed.apollographql.com', 'https://explorer.embed.apollographql.com'];

/** The Sandbox page's policy; `nonce` is the one Apollo put on the page's inline scripts and styles. */
export function sandboxCsp(nonce: string | undefined): string {
  const inline = nonce ? [`'nonce-${nonce}'`] : [];
  return [
    `default-src 'none'`,
    `script-src 'self' ${[...inline, ...APOLLO_CDN].join(' ')}`,
    `style-src 'self' ${[...inline, ...APOLLO_CDN, 'https://fonts.googleapis.com'].join(' ')}`,
    `font-src https://fonts.gstatic.com`,
    `img-src 'self' data: ${APOLLO_CDN[0]}`,
    `manifest-src ${APOLLO_CDN[0]}`,
    `connect-src 'self' ${APOLLO_CDN.join(' ')}`,
    `frame-src ${APOLLO_FRAMES.join(' ')}`,
    `base-uri 'none'`,
    `form-action 'none'`,
    `frame-ancestors 'none'`,
  ].join('; ');
}

export async function registerSecurityHeaders(http: FastifyInstance, options: { sandbox: boolean }): Promise<void> {
  await http.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
  });
  if (!options.sandbox) return;
  http.addHook('onSend', async (request, reply, payload) => {
    const type = reply.getHeader('content-type');
    // GraphiQL's page (explorer.ts) sets its own policy.
    if (request.routeOptions.url === '/graphql' && typeof type === 'string' && type.startsWith('text/html') && typeof payload === 'string') {
      const nonce = /nonce="([0-9a-f]{16,128})"/.exec(payload)?.[1];
      reply.header('content-security-policy', sandboxCsp(nonce));
    }
    return payload;
  });
}
