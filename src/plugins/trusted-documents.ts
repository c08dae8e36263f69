/**
 * Trusted documents (docs/security.md A11), persisted-query style, as an Apollo plugin.
 *
 * `npm run codegen` writes a manifest of the example client operations,
 * client/generated/gql/persisted-documents.json: `"sha256:<hex>" → document`, where hex is the
 * SHA-256 of the document text. In every mode a request may name a manifest document by hash
 * alone (`extensions.persistedQuery.sha256Hash`, with or without the `sha256:` prefix, and no
 * `query`); the plugin fills the document in. Other hashes are left to Apollo's automatic
 * persisted queries.
 *
 * With TRUSTED_DOCUMENTS=enforce the server runs nothing else: a full document is accepted
 * when it is a manifest document, compared by hash and, failing that, up to formatting,
 * comments, `__typename` selections and the order of definitions, selections and arguments
 * (so that Apollo Client's printed documents match); while introspection is enabled,
 * documents that only introspect are accepted too (Apollo Sandbox in development). Anything
 * else is refused before it is parsed by Apollo: HTTP 400, GRAPHQL_VALIDATION_FAILED.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  Kind,
  Lexer,
  Source,
  TokenKind,
  parse,
  print,
  stripIgnoredCharacters,
  visit,
  type ASTNode,
  type DocumentNode,
} from 'graphql';
import { LRUCache } from 'lru-cache';
import type { Config } from '../config';
import { AppError, ErrorCode } from '../shared/errors';
import type { Logger } from '../shared/logger';
import { projectFile } from '../shared/project-files';

/** Where codegen writes the manifest, relative to the project root. */
export const TRUSTED_DOCUMENTS_MANIFEST = 'client/generated/gql/persisted-documents.json';

/** Untrusted candidates are parsed up to at least this many tokens (a fraction of a millisecond). */
const MIN_PARSED_TOKENS = 2000;

/** What Apollo runs in place of a refused document, so that it never parses the original. */
const REFUSED_PLACEHOLDER = 'query RefusedUntrustedDocument { __typename }';

export class UntrustedDocumentError extends AppError {
  constructor() {
    super(
      ErrorCode.GRAPHQL_VALIDATION_FAILED,
      'Only trusted documents are accepted: send one of the registered operations, as its document or by its sha256 hash',
      {},
      { httpStatus: 400 },
    );
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** `sha256:<hex>` (the manifest's and graphql-over-http's form) or bare hex → lower-case hex. */
export function normalizeHash(hash: string): string {
  return hash.replace(/^sha256:/i, '').toLowerCase();
}

function tokenCount(text: string): number {
  const lexer = new Lexer(new Source(text));
  let count = 0;
  while (lexer.advance().kind !== TokenKind.EOF) count += 1;
  return count;
}

/** Sorted by printed form (each printed once). */
function sortedByPrint<T extends ASTNode>(nodes: readonly T[]): T[] {
  return nodes
    .map((node) => [print(node), node] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, node]) => node);
}

/**
 * A document's text with everything that does not change what it asks for removed or put in
 * a fixed order: ignored characters, unaliased `__typename` selections, and the order of
 * definitions, selections, arguments, variable definitions and object fields.
 *
 * Kept over @apollo/utils.sortast, though its sortAST + print is faster (54.9 µs per client
 * document against 98.4 µs here; bench/library-comparison.mjs, Node 20): it does not fit.
 * It keeps `__typename` selections (Apollo Client adds them), sorts selections by name
 * only, so two aliases of one field (or one field with other arguments) stay in the order
 * sent, and leaves object-value fields unsorted; a client's reprinted document would then
 * miss its manifest entry. This runs only for a full text that matched neither a hash nor
 * the cache of matched texts, so the difference is paid once per distinct text.
 */
export function canonicalDocument(document: DocumentNode): string {
  const sorted = visit(document, {
    leave(node: ASTNode) {
      switch (node.kind) {
        case Kind.DOCUMENT:
          return { ...node, definitions: sortedByPrint(node.definitions) };
        case Kind.SELECTION_SET:
          return {
            ...node,
            selections: sortedByPrint(node.selections.filter((s) => !(s.kind === Kind.FIELD && s.name.value === '__typename' && !s.alias))),
          };
        case Kind.FIELD:
        case Kind.DIRECTIVE:
          return { ...node, arguments: sortedByPrint(node.arguments ?? []) };
        case Kind.OPERATION_DEFINITION:
          return { ...node, variableDefinitions: sortedByPrint(node.variableDefinitions ?? []) };
        case Kind.OBJECT:
          return { ...node, fields: sortedByPrint(node.fields) };
        default:
          return undefined;
      }
    },
  });
  return stripIgnoredCharacters(print(sorted));
}

/** Whether every operation of the document selects only `__schema`, `__type` or `__typename`. */
function onlyIntrospects(document: DocumentNode): boolean {
  return document.definitions.every(
    (definition) =>
      definition.kind !== Kind.OPERATION_DEFINITION ||
      definition.selectionSet.selections.every((s) => s.kind === Kind.FIELD && s.name.value.startsWith('__')),
  );
}

/** The manifest, indexed by hash and, for comparing full documents, by canonical text. */
export class TrustedDocuments {
  private readonly byHash = new Map<string, string>();
  /** Built on first use (at start-up in `enforce` mode): `allow` mode never needs it. */
  private index: {
    canonical: Set<string>;
    /** Candidates longer than this (in tokens) are refused unparsed: no trusted document is. */
    maxTokens: number;
  } | null = null;
  /** Texts found trusted by canonical comparison (clients send the same text again and again). */
  private readonly matched = new LRUCache<string, true>({ max: 1000 });

  /**
   * @param manifest `"sha256:<hex>"` (or bare hex) → document text.
   * @throws Error when a hash does not match its document (a corrupt or hand-edited manifest).
   */
  constructor(manifest: Record<string, string>) {
    for (const [hash, text] of Object.entries(manifest)) {
      const hex = normalizeHash(hash);
      if (typeof text !== 'string' || sha256(text) !== hex) throw new Error(`Trusted-document manifest: the document of ${hash} does not have that hash`);
      this.byHash.set(hex, text);
    }
  }

  /** Prepares the comparison of full documents. @throws GraphQLError when a document does not parse. */
  indexDocuments(): { canonical: Set<string>; maxTokens: number } {
    if (!this.index) {
      const texts = [...this.byHash.values()];
      this.index = {
        canonical: new Set(texts.map((text) => canonicalDocument(parse(text, { noLocation: true })))),
        // Room for layout variants of the largest document, and for Sandbox's introspection query.
        maxTokens: Math.max(2 * Math.max(0, ...texts.map(tokenCount)), MIN_PARSED_TOKENS),
      };
    }
    return this.index;
  }

  /** @throws Error naming the file when it cannot be read or is not a valid manifest. */
  static fromFile(path: string): TrustedDocuments {
    let manifest: unknown;
    try {
      manifest = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new Error(`Cannot read the trusted-document manifest ${path} (run \`npm run codegen\`): ${(error as Error).message}`);
    }
    if (!manifest || typeof manifest !== 'object' || Array.isArray(manifest)) throw new Error(`Trusted-document manifest ${path}: expected an object of hash → document`);
    return new TrustedDocuments(manifest as Record<string, string>);
  }

  get size(): number {
    return this.byHash.size;
  }

  /** The document registered under `hash` (either form), if any. */
  document(hash: string): string | undefined {
    return this.byHash.get(normalizeHash(hash));
  }

  /** Whether `query` is a manifest document (see the module comment), or, when `introspection` is on, only introspects. */
  trusts(query: string, options: { introspection: boolean }): boolean {
    if (this.byHash.has(sha256(query)) || this.matched.has(query)) return true;
    const index = this.indexDocuments();
    let document: DocumentNode;
    try {
      document = parse(query, { noLocation: true, maxTokens: index.maxTokens });
    } catch {
      return false;
    }
    if (index.canonical.has(canonicalDocument(document))) {
      this.matched.set(query, true);
      return true;
    }
    return options.introspection && onlyIntrospects(document);
  }
}

/** The manifest named by the configuration, or the committed one; none in `allow` mode when it is missing. */
export function loadTrustedDocuments(config: Config['trustedDocuments']): TrustedDocuments | null {
  if (config.manifestPath) return TrustedDocuments.fromFile(config.manifestPath);
  let path: string;
  try {
    path = projectFile(TRUSTED_DOCUMENTS_MANIFEST);
  } catch (error) {
    if (config.mode === 'enforce') throw new Error(`TRUSTED_DOCUMENTS=enforce needs the manifest ${TRUSTED_DOCUMENTS_MANIFEST} (run \`npm run codegen\`) or TRUSTED_DOCUMENTS_MANIFEST`, { cause: error });
    return null;
  }
  return TrustedDocuments.fromFile(path);
}

/**
 * @param documents the manifest; default: the configured or committed one (see loadTrustedDocuments).
 * @throws Error when `enforce` is configured without a readable, valid manifest.
 */
export function trustedDocumentsPlugin(
  config: Pick<Config, 'trustedDocuments' | 'graphql'>,
  logger: Logger,
  documents: TrustedDocuments | null = loadTrustedDocuments(config.trustedDocuments),
): ApolloServerPlugin {
  const { mode } = config.trustedDocuments;
  const { introspection } = config.graphql;
  if (mode === 'enforce' && !documents) throw new Error('TRUSTED_DOCUMENTS=enforce needs a trusted-document manifest');
  if (mode === 'enforce') documents!.indexDocuments();

  return {
    async serverWillStart() {
      if (documents) logger.info({ mode, documents: documents.size }, 'trusted documents loaded');
    },
    async requestDidStart({ request }) {
      const persisted = request.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined;
      const hash = typeof persisted?.sha256Hash === 'string' ? normalizeHash(persisted.sha256Hash) : undefined;
      // Apollo compares the hash with the SHA-256 hex of the text: give it the bare form.
      if (persisted && hash) persisted.sha256Hash = hash;

      if (request.query === undefined && hash) {
        const known = documents?.document(hash);
        if (known !== undefined) {
          request.query = known;
          return undefined;
        }
        return mode === 'enforce' ? refuse() : undefined;
      }
      if (mode === 'allow' || typeof request.query !== 'string') return undefined;
      return documents!.trusts(request.query, { introspection }) ? undefined : refuse();

      function refuse() {
        logger.info({ operationName: request.operationName, hash }, 'refused an untrusted GraphQL document');
        // Apollo only gets to parse a harmless placeholder; the error is raised once it has.
        request.query = REFUSED_PLACEHOLDER;
        request.operationName = undefined;
        if (request.extensions) delete request.extensions.persistedQuery;
        return {
          async didResolveOperation() {
            throw new UntrustedDocumentError();
          },
        };
      }
    },
  };
}
