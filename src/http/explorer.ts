/**
 * Explorers and the home page, all in development only (GRAPHQL_SANDBOX):
 *
 * - `GET /graphql` in a browser: Apollo Sandbox, whose app loads from Apollo's CDN. Offline
 *   its page says it cannot load; we add a link to GraphiQL there.
 * - `GET /graphiql`: GraphiQL, served entirely by this server from node_modules (graphiql's
 *   and React's UMD bundles), so it works with no internet (a plane, a locked-down office,
 *   a CI box). Same starter document and variables as Sandbox. Its page runs no inline
 *   script (the configuration is /graphiql/app.js), so its CSP allows scripts from 'self' only.
 *
 * `GET /` answers a small page linking the endpoint, the explorers (when on) and /health.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { EXPLORER_DOCUMENT, EXPLORER_VARIABLES } from './explorer-examples';

export const GRAPHIQL_PATH = '/graphiql';

/** GraphiQL's page: its own scripts and styles (plus inline style attributes and data: fonts and icons), and calls to this server. */
export const GRAPHIQL_CSP = [
  `default-src 'none'`,
  `script-src 'self'`,
  `style-src 'self' 'unsafe-inline'`,
  `font-src 'self' data:`,
  `img-src 'self' data:`,
  `connect-src 'self'`,
  `base-uri 'none'`,
  `form-action 'none'`,
  `frame-ancestors 'none'`,
].join('; ');

/** The files the page loads: URL name → package and file inside it. */
const VENDOR_FILES: Record<string, { pkg: string; file: string; type: string }> = {
  'react.js': { pkg: 'react', file: 'umd/react.production.min.js', type: 'text/javascript; charset=utf-8' },
  'react-dom.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript; charset=utf-8' },
  'graphiql.js': { pkg: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript; charset=utf-8' },
  'graphiql.css': { pkg: 'graphiql', file: 'graphiql.min.css', type: 'text/css; charset=utf-8' },
  'graphql-ws.js': { pkg: 'graphql-ws', file: 'umd/graphql-ws.js', type: 'text/javascript; charset=utf-8' },
};

/** A file of an installed package (their `exports` hide these paths from require.resolve). */
function packageFile(pkg: string, file: string): string {
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
}

const GRAPHIQL_HTML = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Campus API · GraphiQL</title>
    <link rel="stylesheet" href="${GRAPHIQL_PATH}/vendor/graphiql.css" />
    <link rel="stylesheet" href="${GRAPHIQL_PATH}/app.css" />
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
    <script src="${GRAPHIQL_PATH}/vendor/react.js"></script>
    <script src="${GRAPHIQL_PATH}/vendor/react-dom.js"></script>
    <script src="${GRAPHIQL_PATH}/vendor/graphiql.js"></script>
    <script src="${GRAPHIQL_PATH}/vendor/graphql-ws.js"></script>
    <script src="${GRAPHIQL_PATH}/app.js"></script>
  </body>
</html>
`;

const GRAPHIQL_APP_CSS = `body { margin: 0; height: 100vh; overflow: hidden; }
#graphiql { height: 100vh; }
`;

/**
 * Renders GraphiQL against this server's /graphql, with the starter document on first visit;
 * `/graphiql?query=…&headers=…` opens a given document and headers (a link can carry an operation).
 * Queries and mutations go over HTTP; subscriptions over graphql-ws on the same path, signed
 * in with the Authorization header typed in GraphiQL's headers editor (sent in connection_init).
 */
const GRAPHIQL_APP_JS = `'use strict';
(function () {
  var http = GraphiQL.createFetcher({ url: '/graphql' });
  var wsUrl = (window.location.protocol === 'https:' ? 'wss://' : 'ws://') + window.location.host + '/graphql';
  function isSubscription(params) {
    var body = (params.query || '').replace(/#[^\\n]*/g, '');
    var named = params.operationName && new RegExp('subscription\\\\s+' + params.operationName + '\\\\b').test(body);
    return named || (!params.operationName && /^\\s*subscription\\b/.test(body));
  }
  function subscribe(params, headers) {
    var auth = headers && (headers.Authorization || headers.authorization);
    var client = graphqlWs.createClient({ url: wsUrl, lazy: true, retryAttempts: 0, connectionParams: auth ? { authorization: auth } : {} });
    return {
      subscribe: function (observer) {
        var stop = client.subscribe(params, {
          next: function (value) { observer.next(value); },
          error: function (error) {
            var reason = error && error.code ? 'Connection closed: ' + error.code + ' ' + (error.reason || '') : String(error && error.message || error);
            observer.next({ errors: [{ message: reason }] });
            observer.complete();
          },
          complete: function () { observer.complete(); },
        });
        return { unsubscribe: function () { stop(); client.dispose(); } };
      },
    };
  }
  var fetcher = function (params, options) {
    return isSubscription(params) ? subscribe(params, options && options.headers) : http(params, options);
  };
  var search = new URLSearchParams(window.location.search);
  var query = search.get('query');
  var headers = search.get('headers');
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    query: query || undefined,
    headers: headers || undefined,
    defaultQuery: ${JSON.stringify(EXPLORER_DOCUMENT)},
    variables: ${JSON.stringify(JSON.stringify(EXPLORER_VARIABLES, null, 2))},
    defaultEditorToolsVisibility: true,
  }));
})();
`;

function homePage(options: { sandbox: boolean }): string {
  const links = [
    `<li><a href="/graphql"><code>/graphql</code></a>: the GraphQL endpoint (POST)${options.sandbox ? '; in a browser, Apollo Sandbox (loads from Apollo\u2019s CDN)' : ''}</li>`,
    ...(options.sandbox ? [`<li><a href="${GRAPHIQL_PATH}"><code>${GRAPHIQL_PATH}</code></a>: GraphiQL, served by this server (works offline)</li>`] : []),
    `<li><a href="/health"><code>/health</code></a> and <a href="/ready"><code>/ready</code></a>: liveness and readiness</li>`,
  ];
  return `<!DOCTYPE html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Campus API</title></head>
  <body>
    <h1>Campus API</h1>
    <ul>
      ${links.join('\n      ')}
    </ul>
  </body>
</html>
`;
}

/** Registers `GET /`, and with `sandbox` the GraphiQL page and its files. */
export async function registerExplorer(http: FastifyInstance, options: { sandbox: boolean }): Promise<void> {
  const home = homePage(options);
  http.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(home));
  // Browsers ask for it with every page: answer "none" rather than a 404 in their console.
  http.get('/favicon.ico', async (_request, reply) => reply.code(204).header('cache-control', 'public, max-age=86400').send());
  if (!options.sandbox) return;

  const vendor = new Map<string, Promise<Buffer>>();
  const html = (body: string) => async (_request: unknown, reply: FastifyReply) =>
    reply.type('text/html; charset=utf-8').header('content-security-policy', GRAPHIQL_CSP).header('cache-control', 'no-cache').send(body);
  http.get(GRAPHIQL_PATH, html(GRAPHIQL_HTML));
  http.get(`${GRAPHIQL_PATH}/`, html(GRAPHIQL_HTML));
  http.get(`${GRAPHIQL_PATH}/app.js`, async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(GRAPHIQL_APP_JS));
  http.get(`${GRAPHIQL_PATH}/app.css`, async (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'no-cache').send(GRAPHIQL_APP_CSS));
  http.get<{ Params: { name: string } }>(`${GRAPHIQL_PATH}/vendor/:name`, async (request, reply) => {
    const file = Object.hasOwn(VENDOR_FILES, request.params.name) ? VENDOR_FILES[request.params.name] : undefined;
    if (!file) return reply.code(404).send({ error: 'not found' });
    let content = vendor.get(request.params.name);
    if (!content) {
      content = readFile(packageFile(file.pkg, file.file));
      vendor.set(request.params.name, content);
    }
    // The versions are pinned in package.json: a day of caching is safe across restarts.
    return reply.type(file.type).header('cache-control', 'public, max-age=86400').send(await content);
  });
}

/**
 * Apollo's landing page with a way out when Sandbox cannot load (offline): its fallback
 * message gains a link to GraphiQL, served by this server.
 */
export function withOfflineExplorerLink(plugin: ApolloServerPlugin): ApolloServerPlugin {
  return {
    ...plugin,
    async serverWillStart(service) {
      const listener = await plugin.serverWillStart?.(service);
      if (!listener || !listener.renderLandingPage) return listener;
      const render = listener.renderLandingPage.bind(listener);
      return {
        ...listener,
        async renderLandingPage() {
          const page = await render();
          const link = `<p>Offline? Use <a href="${GRAPHIQL_PATH}">GraphiQL</a>, served by this server (same examples).</p>`;
          const addLink = (html: string) => html.replace(/(cannot be loaded; it appears that you might be offline\.<\/p>)/g, `$1\n  ${link}`);
          const { html } = page;
          return { ...page, html: typeof html === 'string' ? addLink(html) : async () => addLink(await html()) };
        },
      };
    },
  };
}

