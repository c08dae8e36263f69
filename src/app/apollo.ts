/**
 * A step of createApp (src/app.ts): Apollo Server over the schema, executed by graphql-jit,
 * with the query limits and every plugin of src/plugins/ in the order they must run.
 */
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { GraphQLSchema } from 'graphql';
import type { Config } from '../config';
import type { Context } from '../context';
import { withOfflineExplorerLink } from '../http/explorer';
import { EXPLORER_DOCUMENT, EXPLORER_VARIABLES } from '../http/explorer-examples';
import { inputGuardPlugin } from '../plugins/input-guard';
import { noStorePlugin } from '../plugins/no-store';
import { operationTypePlugin } from '../plugins/operation-type';
import { queryLimitOptions } from '../plugins/query-limits';
import { serviceUnavailablePlugin } from '../plugins/service-unavailable';
import { staleTokenPlugin } from '../plugins/stale-token';
import { trustedDocumentsPlugin, type TrustedDocuments } from '../plugins/trusted-documents';
import { compiledExecution, type ExecutionShortcut } from '../shared/compiled-execution';
import type { createFormatError } from '../shared/format-error';
import type { Logger } from '../shared/logger';

function landingPage(config: Config): ApolloServerPlugin {
  if (!config.graphql.sandbox) return ApolloServerPluginLandingPageDisabled();
  return withOfflineExplorerLink(
    ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false, document: EXPLORER_DOCUMENT, variables: EXPLORER_VARIABLES }),
  );
}

/** A started Apollo Server; createApp's stop() stops it. */
export async function startApollo(
  config: Config,
  logger: Logger,
  schema: GraphQLSchema,
  trustedDocuments: TrustedDocuments | null,
  formatError: ReturnType<typeof createFormatError>,
  fastPath: ExecutionShortcut | null,
): Promise<ApolloServer<Context>> {
  const limits = queryLimitOptions(config.queryLimits);
  const apollo = new ApolloServer<Context>({
    // The schema, executed by graphql-jit (see compiled-execution.ts); what the fast path covers, by one statement (src/fast-path).
    gateway: compiledExecution(schema, fastPath),
    ...limits,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: config.graphql.introspection,
    hideSchemaDetailsFromClientErrors: config.env === 'production',
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // createApp's stop() owns shutdown, so that the pool and the embedded database close last.
    stopOnTerminationSignals: false,
    plugins: [
      staleTokenPlugin(),
      operationTypePlugin(),
      trustedDocumentsPlugin(config, logger, trustedDocuments),
      ApolloServerPluginCacheControlDisabled(),
      landingPage(config),
      noStorePlugin(),
      ...limits.plugins,
      inputGuardPlugin(),
      serviceUnavailablePlugin(),
    ],
  });
  await apollo.start();
  return apollo;
}
