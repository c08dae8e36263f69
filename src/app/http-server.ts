/**
 * A step of createApp (src/app.ts): The Fastify instance and what every route shares: request
 * ids, CORS, security headers, the offline explorer, cookies and, with the local storage
 * driver, its upload and download routes. The GraphQL routes are added by graphql-routes.ts.
 */
import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Config } from '../config';
import { registerExplorer } from '../http/explorer';
import { registerSecurityHeaders } from '../http/security-headers';
import { fastifyTrustProxy } from '../http/trust-proxy';
import { LocalStorage } from '../modules/media/storage/local-storage';
import { registerLocalStorageRoutes } from '../modules/media/storage/local-storage.routes';
import type { ObjectStorage } from '../modules/media/storage/object-storage';
import type { Logger } from '../shared/logger';
import { requestScope } from '../shared/request-context';

/** A client-supplied request id is reused only when it is short and harmless in logs. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export async function createHttpServer(config: Config, logger: Logger, storage: ObjectStorage): Promise<FastifyInstance> {
  const http = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // Who `request.ip` is (per-IP limits, Session.ip): the socket address unless TRUST_PROXY
    // names the reverse proxies (or their hop count) whose X-Forwarded-For is believed.
    trustProxy: fastifyTrustProxy(config.http.trustProxy),
    bodyLimit: config.http.bodyLimitBytes,
    requestTimeout: config.http.requestTimeoutMs,
    connectionTimeout: 30_000,
    // While stopping, a request arriving on an open keep-alive connection is served (with
    // `Connection: close`) instead of answered 503: a client that sent it never sees a 5xx.
    return503OnClosing: false,
    // Node checks these timeouts every connectionsCheckingInterval (default 30 s): check often
    // enough that a slow client is cut close to the configured time.
    http: {
      requestTimeout: config.http.requestTimeoutMs,
      headersTimeout: config.http.headersTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, config.http.headersTimeoutMs),
    },
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
  });
  http.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    requestScope.run({ requestId: request.id }, done);
  });
  await http.register(cors, {
    origin: config.http.corsOrigins,
    // PUT: browsers send files to the local storage driver's signed upload URLs.
    methods: ['GET', 'POST', 'PUT', 'OPTIONS'],
    allowedHeaders: ['content-type', 'authorization', 'apollo-require-preflight', 'x-apollo-operation-name', 'x-request-id'],
    exposedHeaders: ['x-request-id', 'retry-after'],
    maxAge: 600,
  });

  await registerSecurityHeaders(http, { sandbox: config.graphql.sandbox });
  await registerExplorer(http, { sandbox: config.graphql.sandbox });
  await http.register(cookie);
  if (storage instanceof LocalStorage) await registerLocalStorageRoutes(http, storage);
  return http;
}
