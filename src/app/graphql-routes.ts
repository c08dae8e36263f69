/**
 * A step of createApp (src/app.ts): /graphql. POST (and a plain GET) go to Apollo, a WebSocket
 * upgrade on GET to the subscription server. Each HTTP request builds its context, then counts
 * one operation against its caller's budget (the signed-in user, else the client IP).
 */
import type { ApolloServer } from '@apollo/server';
import fastifyApollo, { fastifyApolloHandler } from '@as-integrations/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import type { Config } from '../config';
import { createContext, type Context, type ContextDeps } from '../context';
import type { Services } from '../modules';
import type { TrustedDocuments } from '../plugins/trusted-documents';
import { SocketOperationChecks } from '../realtime/operation-checks';
import { RealtimeStreams } from '../realtime/streams';
import { SubscriptionServer } from '../realtime/websocket-server';
import type { createFormatError } from '../shared/format-error';
import type { Logger } from '../shared/logger';
import type { AppInfrastructure } from './infrastructure';
import { refreshCookieOf } from './refresh-cookie';

export interface GraphqlRouteDeps {
  config: Config;
  logger: Logger;
  infra: AppInfrastructure;
  services: Services;
  schema: GraphQLSchema;
  apollo: ApolloServer<Context>;
  trustedDocuments: TrustedDocuments | null;
  formatError: ReturnType<typeof createFormatError>;
  contextDeps: ContextDeps;
}

/** Registers /graphql on `http`; returns the subscription server (createApp's App exposes it). */
export async function registerGraphqlRoutes(http: FastifyInstance, deps: GraphqlRouteDeps): Promise<SubscriptionServer> {
  const { config, logger, infra, services, schema, apollo } = deps;
  const apolloOptions = {
    context: async (request: FastifyRequest, reply: FastifyReply) => {
      const context = await createContext(deps.contextDeps, {
        requestId: request.id,
        authorization: request.headers.authorization,
        client: { ip: request.ip, userAgent: request.headers['user-agent'] },
        refreshCookie: config.auth.refreshCookie ? refreshCookieOf(request.cookies, reply) : null,
      });
      await infra.budget.consume(context.viewer ? { userId: context.viewer.id } : { ip: request.ip });
      return context;
    },
  };
  // GET /graphql is shared: a WebSocket upgrade goes to the subscription server, a plain GET to Apollo.
  const subscriptions = new SubscriptionServer({
    config,
    logger,
    db: infra.db,
    schema,
    verifier: infra.verifier,
    budget: infra.budget,
    streams: new RealtimeStreams(infra.events, services, logger),
    checks: new SocketOperationChecks(schema, config, deps.trustedDocuments),
    formatError: deps.formatError,
  });
  await subscriptions.register(http, fastifyApolloHandler(apollo, apolloOptions));
  await http.register(fastifyApollo(apollo), { path: '/graphql', method: ['POST', 'OPTIONS'], ...apolloOptions });

  // Sessions ended here are announced to every instance (and to this one's sockets).
  infra.verifier.onEviction((eviction) => infra.events.publish('session.evicted', eviction));
  infra.events.on('session.evicted', (eviction) => {
    infra.verifier.forget(eviction);
    subscriptions.onSessionEviction(eviction);
  });
  return subscriptions;
}
