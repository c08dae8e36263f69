/**
 * Configuration: one zod schema over the environment, read in one place.
 *
 * `loadConfig(env)` is pure (no file or process access) so that it can be tested with
 * literal objects; it reports every problem at once, naming the variables. Nothing outside
 * this module reads `process.env`. Development secrets that must survive restarts are filled in by
 * `withDevelopmentSecrets` (src/db/dev-secrets.ts), never in production.
 */
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { canonicalTimeZone } from './shared/time-zone';

/** Every configuration problem, one line per variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const MIN_SECRET_BYTES = 32;

const booleanString = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
/** A hop count or a list of IPv4/IPv6 addresses and CIDR ranges (never `true`: trusting every sender lets anyone forge their address). */
function isTrustProxy(value: string): boolean {
  if (value === 'false') return true;
  if (/^[0-9]+$/.test(value)) return Number(value) >= 1 && Number(value) <= 10;
  const entries = value.split(',').map((entry) => entry.trim());
  return entries.length > 0 && entries.every((entry) => {
    const [address, prefix, extra] = entry.split('/');
    const family = isIP(address ?? '');
    if (family === 0 || extra !== undefined) return false;
    if (prefix === undefined) return true;
    return /^[0-9]{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
  });
}

function parseTrustProxy(value: string): false | number | string[] {
  if (value === 'false') return false;
  if (/^[0-9]+$/.test(value)) return Number(value);
  return value.split(',').map((entry) => entry.trim());
}

const contentTypeList = z
  .string()
  .transform((value) => value.split(',').map((type) => type.trim().toLowerCase()).filter(Boolean))
  .refine((types) => types.length > 0 && types.every((type) => /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(type)), 'must be a comma-separated list of MIME types');
const httpUrl = z.string().refine((value) => /^https?:\/\/[^\s]+$/.test(value), 'must be an http(s):// URL');
const IMAGE_TYPES = 'image/jpeg,image/png,image/webp,image/gif,image/heic';
const ATTACHMENT_TYPES = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'text/plain',
  'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
].join(',');
const MIB = 1024 * 1024;

const postgresUrl = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\/[^\s]+$/.test(value), 'must be a postgresql:// URL');

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().min(1).default('localhost'),
    PORT: port.default(4000),
    CORS_ORIGINS: z.string().optional(),
    BODY_LIMIT_BYTES: positiveInt.default(100 * 1024),
    HTTP_REQUEST_TIMEOUT_MS: positiveInt.default(30_000),
    HTTP_HEADERS_TIMEOUT_MS: positiveInt.default(10_000),
    TRUST_PROXY: z
      .string()
      .refine(isTrustProxy, 'must be false, a hop count (1-10), or a comma-separated list of IP addresses or CIDR ranges of your reverse proxies')
      .default('false'),
    DATABASE_URL: postgresUrl.optional(),
    EMBEDDED_DATABASE_PORT: port.default(54320),
    DATABASE_POOL_MAX: positiveInt.default(10),
    DATABASE_CONNECTION_TIMEOUT_MS: positiveInt.default(5000),
    DATABASE_STATEMENT_TIMEOUT_MS: positiveInt.default(10000),
    DATABASE_LOCK_TIMEOUT_MS: positiveInt.default(5000),
    DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: positiveInt.default(10000),
    DATA_DIR: z.string().min(1).default('.data'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
    JWT_SECRET: z
      .string()
      .refine((value) => Buffer.byteLength(value) >= MIN_SECRET_BYTES, `must be at least ${MIN_SECRET_BYTES} bytes`)
      .optional(),
    GRAPHQL_INTROSPECTION: booleanString.optional(),
    GRAPHQL_SANDBOX: booleanString.optional(),
    GRAPHQL_FAST_PATH: booleanString.default(true),
    TRUSTED_DOCUMENTS: z.enum(['allow', 'enforce']).default('allow'),
    TRUSTED_DOCUMENTS_MANIFEST: z.string().min(1).optional(),
    GRAPHQL_MAX_DEPTH: positiveInt.default(14),
    GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(0).default(15),
    GRAPHQL_MAX_DIRECTIVES: z.coerce.number().int().min(0).default(10),
    GRAPHQL_MAX_COST: positiveInt.default(150_000),
    GRAPHQL_MAX_TOKENS: positiveInt.default(1000),
    GRAPHQL_MAX_SELECTIONS: positiveInt.default(400),
    REDIS_URL: z
      .string()
      .refine((value) => /^rediss?:\/\/\S+$/.test(value), 'must be a redis:// URL')
      .optional(),
    SHUTDOWN_GRACE_MS: positiveInt.default(10000),
    WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: positiveInt.max(1000).default(20),
    WS_MAX_SUBSCRIPTIONS_PER_USER: positiveInt.max(10_000).default(100),
    WS_KEEPALIVE_MS: z.coerce.number().int().min(1000).max(300_000).default(12_000),
    WS_CONNECTION_INIT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3_000),
    JWT_ISSUER: z.string().min(1).default('campus-api'),
    JWT_AUDIENCE: z.string().min(1).default('campus-app'),
    ACCESS_TOKEN_TTL_SECONDS: positiveInt.max(3600).default(900),
    REFRESH_TOKEN_TTL_SECONDS: positiveInt.default(7 * 24 * 3600),
    SESSION_MAX_AGE_SECONDS: positiveInt.default(30 * 24 * 3600),
    AUTH_SESSION_CACHE_MS: z.coerce.number().int().min(0).max(10_000).default(2000),
    BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(12),
    PASSWORD_WORKERS: positiveInt.max(64).optional(),
    PASSWORD_RESET_TTL_SECONDS: positiveInt.default(1800),
    AUTH_REFRESH_COOKIE: booleanString.default(false),
    APP_URL: z.url().default('http://localhost:3000'),
    VERIFICATION_TTL_SECONDS: positiveInt.default(24 * 3600),
    SMTP_URL: z
      .string()
      .refine((value) => /^smtps?:\/\/\S+$/.test(value), 'must be an smtp:// or smtps:// URL')
      .optional(),
    MAIL_FROM: z.string().min(3).optional(),
    MAIL_TRANSPORT: z.enum(['smtp', 'log']).optional(),
    MAIL_MAX_ATTEMPTS: positiveInt.max(25).default(10),
    JOBS_WORKER: booleanString.default(true),
    JOBS_CONCURRENCY: positiveInt.max(32).default(2),
    RATE_LIMIT_LOGIN_PER_IP: positiveInt.default(30),
    LOGIN_BACKOFF_FREE_ATTEMPTS: positiveInt.default(5),
    LOGIN_BACKOFF_BASE_SECONDS: positiveInt.default(1),
    LOGIN_BACKOFF_MAX_SECONDS: positiveInt.max(24 * 3600).default(900),
    LOGIN_BACKOFF_WINDOW_SECONDS: positiveInt.default(24 * 3600),
    RATE_LIMIT_SIGNUP_PER_IP: positiveInt.default(10),
    RATE_LIMIT_REFRESH_PER_IP: positiveInt.default(120),
    RATE_LIMIT_PASSWORD_RESET_PER_IP: positiveInt.default(5),
    RATE_LIMIT_VERIFICATION_MAIL_PER_USER: positiveInt.default(5),
    RATE_LIMIT_WINDOW_SECONDS: positiveInt.default(900),
    RATE_LIMIT_POSTS_PER_USER: positiveInt.default(30),
    RATE_LIMIT_COMMENTS_PER_USER: positiveInt.default(120),
    RATE_LIMIT_MESSAGES_PER_USER: positiveInt.default(120),
    RATE_LIMIT_LIKES_PER_USER: positiveInt.default(600),
    RATE_LIMIT_WRITES_WINDOW_SECONDS: positiveInt.default(600),
    RATE_LIMIT_OPERATIONS_PER_IP: positiveInt.default(10_000),
    RATE_LIMIT_OPERATIONS_PER_USER: positiveInt.default(10_000),
    RATE_LIMIT_OPERATIONS_WINDOW_SECONDS: positiveInt.default(10),
    POST_TITLE_MAX_LENGTH: positiveInt.max(1000).default(100),
    POST_CONTENT_MAX_LENGTH: positiveInt.max(100_000).default(20_000),
    COMMENT_MAX_LENGTH: positiveInt.max(20_000).default(2_000),
    HOT_POST_MIN_LIKES: positiveInt.default(10),
    HOT_POST_DAYS: positiveInt.default(7),
    REPORT_BLIND_THRESHOLD: positiveInt.default(5),
    REPORT_MIN_ACCOUNT_AGE_HOURS: z.coerce.number().int().min(0).max(24 * 365).default(24),
    DEFAULT_TIME_ZONE: z
      .string()
      .refine((zone) => canonicalTimeZone(zone) !== null, 'must be an IANA time zone name such as Asia/Seoul')
      .transform((zone) => canonicalTimeZone(zone)!)
      .default('Asia/Seoul'),
    PROJECT_NAME_MAX_LENGTH: positiveInt.max(1000).default(100),
    PROJECT_DESCRIPTION_MAX_LENGTH: positiveInt.max(100_000).default(2_000),
    TASK_TITLE_MAX_LENGTH: positiveInt.max(1000).default(200),
    TASK_DETAIL_MAX_LENGTH: positiveInt.max(100_000).default(10_000),
    STORAGE_DRIVER: z.enum(['local', 's3']).optional(),
    MEDIA_PUBLIC_URL: httpUrl.optional(),
    S3_ENDPOINT: httpUrl.optional(),
    S3_REGION: z.string().min(1).default('us-east-1'),
    S3_BUCKET: z.string().min(1).optional(),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    S3_FORCE_PATH_STYLE: booleanString.default(false),
    MEDIA_IMAGE_MAX_BYTES: positiveInt.max(1024 * MIB).default(10 * MIB),
    MEDIA_IMAGE_TYPES: contentTypeList.prefault(IMAGE_TYPES),
    MEDIA_ATTACHMENT_MAX_BYTES: positiveInt.max(1024 * MIB).default(25 * MIB),
    MEDIA_ATTACHMENT_TYPES: contentTypeList.prefault(ATTACHMENT_TYPES),
    MEDIA_POST_IMAGES_MAX: positiveInt.max(50).default(10),
    MEDIA_THUMBNAILS: booleanString.default(true),
    MEDIA_UPLOAD_URL_TTL_SECONDS: positiveInt.max(7 * 24 * 3600).default(900),
    MEDIA_DOWNLOAD_URL_TTL_SECONDS: positiveInt.max(7 * 24 * 3600).default(900),
    MEDIA_GRACE_SECONDS: positiveInt.default(24 * 3600),
    MEDIA_CLEANUP_INTERVAL_SECONDS: positiveInt.default(3600),
    RATE_LIMIT_UPLOADS_PER_USER: positiveInt.default(200),
    RATE_LIMIT_UPLOAD_BYTES_PER_USER: positiveInt.default(1024 * MIB),
    RATE_LIMIT_UPLOADS_WINDOW_SECONDS: positiveInt.default(24 * 3600),
  })
  .superRefine((env, ctx) => {
    if (env.HTTP_HEADERS_TIMEOUT_MS > env.HTTP_REQUEST_TIMEOUT_MS) {
      ctx.addIssue({ code: 'custom', path: ['HTTP_HEADERS_TIMEOUT_MS'], message: 'must not exceed HTTP_REQUEST_TIMEOUT_MS' });
    }
    if (env.MAIL_TRANSPORT === 'smtp' && !env.SMTP_URL) {
      ctx.addIssue({ code: 'custom', path: ['SMTP_URL'], message: 'is required when MAIL_TRANSPORT=smtp' });
    }
    const driver = env.STORAGE_DRIVER ?? (env.NODE_ENV === 'production' ? 's3' : 'local');
    if (driver === 's3' && !env.S3_BUCKET) {
      ctx.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: 'is required with STORAGE_DRIVER=s3 (the default in production; set STORAGE_DRIVER=local to keep files on this server)' });
    }
    if (env.MEDIA_UPLOAD_URL_TTL_SECONDS > env.MEDIA_GRACE_SECONDS) {
      // Otherwise the clean-up could delete an upload whose URL still accepts its bytes.
      ctx.addIssue({ code: 'custom', path: ['MEDIA_UPLOAD_URL_TTL_SECONDS'], message: 'must not exceed MEDIA_GRACE_SECONDS' });
    }
    if (Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY)) {
      ctx.addIssue({ code: 'custom', path: ['S3_SECRET_ACCESS_KEY'], message: 'and S3_ACCESS_KEY_ID must be set together (or neither, for the SDK\'s default credentials)' });
    }
    if (env.NODE_ENV !== 'production') return;
    if (!env.JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: `is required in production (at least ${MIN_SECRET_BYTES} bytes)` });
    }
    if (!env.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'is required in production (the embedded database is for development)' });
    }
    if (env.BCRYPT_COST < 10) {
      ctx.addIssue({ code: 'custom', path: ['BCRYPT_COST'], message: 'must be at least 10 in production' });
    }
    if (!env.SMTP_URL && env.MAIL_TRANSPORT !== 'log') {
      ctx.addIssue({ code: 'custom', path: ['SMTP_URL'], message: 'is required in production (or set MAIL_TRANSPORT=log to only log that mails were not sent)' });
    }
    if (env.SMTP_URL && env.MAIL_TRANSPORT !== 'log' && !env.MAIL_FROM) {
      ctx.addIssue({ code: 'custom', path: ['MAIL_FROM'], message: 'is required in production when mail is sent (e.g. "Campus <no-reply@example.com>")' });
    }
  });

type RawEnv = Record<string, string | undefined>;
/** The environment once validated and coerced by EnvSchema. */
type Env = z.output<typeof EnvSchema>;

/** Empty strings count as unset, as in most process managers' env files. */
function withoutEmpty(env: RawEnv): RawEnv {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
}

function parseOrigins(value: string | undefined, env: Env['NODE_ENV']): true | string[] {
  if (value === undefined) return env === 'production' ? [] : true;
  const origins = value.split(',').map((origin) => origin.trim()).filter(Boolean);
  return origins.includes('*') ? true : origins;
}

/**
 * Parses and validates the environment.
 * @throws ConfigError listing every invalid or missing variable.
 */
export function loadConfig(env: RawEnv): Config {
  const parsed = EnvSchema.safeParse(withoutEmpty(env));
  if (!parsed.success) {
    // Messages name the variable and the rule, never the submitted value (it may be a secret).
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`));
  }
  return configFrom(parsed.data);
}

/**
 * The configuration the app reads, grouped by concern, from the validated environment. Its
 * return type is `Config`: a setting is written once here (and once in EnvSchema), and
 * documented here.
 */
function configFrom(e: Env) {
  const isProduction = e.NODE_ENV === 'production';
  return {
    env: e.NODE_ENV,
    http: {
      host: e.HOST,
      port: e.PORT,
      /** `true` reflects any origin (development default); a list allows exactly those. */
      corsOrigins: parseOrigins(e.CORS_ORIGINS, e.NODE_ENV),
      bodyLimitBytes: e.BODY_LIMIT_BYTES,
      /** Node's server.requestTimeout: the whole request (headers and body) must arrive within it. */
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
      /** Node's server.headersTimeout: the request headers must arrive within it (slowloris). */
      headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS,
      /**
       * Fastify's `trustProxy`: `false` (the socket address is the client), a hop count (the
       * client is that many addresses from the right of X-Forwarded-For, the socket included),
       * or the addresses/CIDR ranges of the reverse proxies whose X-Forwarded-For is believed.
       */
      trustProxy: parseTrustProxy(e.TRUST_PROXY),
    },
    db: {
      /** Unset: the embedded PostgreSQL is started from `dataDir`. */
      url: e.DATABASE_URL,
      embeddedPort: e.EMBEDDED_DATABASE_PORT,
      poolMax: e.DATABASE_POOL_MAX,
      connectionTimeoutMs: e.DATABASE_CONNECTION_TIMEOUT_MS,
      statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
      /** PostgreSQL `lock_timeout` per connection: how long a statement waits for a row or table lock. */
      lockTimeoutMs: e.DATABASE_LOCK_TIMEOUT_MS,
      /** PostgreSQL `idle_in_transaction_session_timeout`: a transaction left idle this long is ended. */
      idleInTransactionTimeoutMs: e.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
    /** Folder for local state in development: the embedded database and generated secrets. */
    dataDir: e.DATA_DIR,
    log: { level: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? ('silent' as const) : ('info' as const)) },
    auth: {
      /** HMAC key for access tokens. Required in production; generated once in development. */
      jwtSecret: e.JWT_SECRET,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      /** Idle expiry: a session not refreshed for this long ends. */
      refreshTokenTtlSeconds: e.REFRESH_TOKEN_TTL_SECONDS,
      /** Absolute session lifetime since sign-in, whatever the rotations. */
      sessionMaxAgeSeconds: e.SESSION_MAX_AGE_SECONDS,
      /** How long a verified session may be trusted without re-reading it (revocation delay across instances). */
      sessionCacheMs: e.AUTH_SESSION_CACHE_MS,
      bcryptCost: e.BCRYPT_COST,
      /** Worker threads hashing passwords (default: one per core). */
      passwordWorkers: e.PASSWORD_WORKERS ?? Math.max(1, availableParallelism()),
      passwordResetTtlSeconds: e.PASSWORD_RESET_TTL_SECONDS,
      /** Also carry the refresh token in an HttpOnly cookie. */
      refreshCookie: e.AUTH_REFRESH_COOKIE,
      /** Where password-reset and verification links point (the web client). */
      appUrl: e.APP_URL,
      /** How long an e-mail or school verification link works. */
      verificationTtlSeconds: e.VERIFICATION_TTL_SECONDS,
    },
    /**
     * Outgoing mail (src/mail/). `smtp` sends through `smtpUrl`; `log` writes mails to the log
     * (with their links outside production). Production refuses `log` unless MAIL_TRANSPORT=log
     * says so explicitly.
     */
    mail: {
      transport: e.MAIL_TRANSPORT ?? (e.SMTP_URL ? ('smtp' as const) : ('log' as const)),
      smtpUrl: e.SMTP_URL,
      from: e.MAIL_FROM ?? 'Campus <no-reply@localhost>',
      /** Attempts per mail job before the job queue gives up (retries back off exponentially). */
      maxAttempts: e.MAIL_MAX_ATTEMPTS,
    },
    /** The durable job queue on PostgreSQL (graphile-worker, src/jobs/). */
    jobs: {
      /** Run a worker in this process (every instance may; jobs are taken once). */
      runWorker: e.JOBS_WORKER,
      concurrency: e.JOBS_CONCURRENCY,
    },
    rateLimits: {
      /** Attempts per window; each limit is per key (IP or account). */
      loginPerIp: e.RATE_LIMIT_LOGIN_PER_IP,
      signupPerIp: e.RATE_LIMIT_SIGNUP_PER_IP,
      refreshPerIp: e.RATE_LIMIT_REFRESH_PER_IP,
      passwordResetPerIp: e.RATE_LIMIT_PASSWORD_RESET_PER_IP,
      /** requestEmailVerification and requestSchoolVerification, per account. */
      verificationMailPerUser: e.RATE_LIMIT_VERIFICATION_MAIL_PER_USER,
      windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
      /**
       * Failed sign-ins slow an account down instead of locking it (see src/auth/login-backoff.ts):
       * after `freeAttempts` failures, each further one makes the next attempt wait
       * `baseSeconds × 2^(failures − freeAttempts − 1)`, at most `maxSeconds`. Failures are
       * forgotten `windowSeconds` after the first one, or at a successful sign-in.
       */
      loginBackoff: {
        freeAttempts: e.LOGIN_BACKOFF_FREE_ATTEMPTS,
        baseSeconds: e.LOGIN_BACKOFF_BASE_SECONDS,
        maxSeconds: e.LOGIN_BACKOFF_MAX_SECONDS,
        windowSeconds: e.LOGIN_BACKOFF_WINDOW_SECONDS,
      },
      /**
       * Business-flow limits (docs/security.md A10): calls per user and window, counted per resolver
       * call (so aliases in one request count one each), before the call does any work. A
       * replayed idempotent call (src/shared/idempotency.ts) costs nothing.
       */
      writes: {
        /** createPost */
        postsPerUser: e.RATE_LIMIT_POSTS_PER_USER,
        /** createComment (replies included) */
        commentsPerUser: e.RATE_LIMIT_COMMENTS_PER_USER,
        /** sendMessage */
        messagesPerUser: e.RATE_LIMIT_MESSAGES_PER_USER,
        /** likePost, likeComment and scrapPost together */
        likesPerUser: e.RATE_LIMIT_LIKES_PER_USER,
        windowSeconds: e.RATE_LIMIT_WRITES_WINDOW_SECONDS,
      },
      /** Uploads (requestUpload) per user and window: a count and a total of declared bytes. */
      uploads: { perUser: e.RATE_LIMIT_UPLOADS_PER_USER, bytesPerUser: e.RATE_LIMIT_UPLOAD_BYTES_PER_USER, windowSeconds: e.RATE_LIMIT_UPLOADS_WINDOW_SECONDS },
    },
    graphql: {
      introspection: e.GRAPHQL_INTROSPECTION ?? !isProduction,
      sandbox: e.GRAPHQL_SANDBOX ?? !isProduction,
      /** Whether covered queries are answered by one statement (src/fast-path; docs/architecture.md). */
      fastPath: e.GRAPHQL_FAST_PATH,
    },
    /**
     * Trusted documents (docs/security.md A11): `enforce` runs only the operations listed in the
     * manifest that `npm run codegen` writes; `allow` runs any document.
     */
    trustedDocuments: { mode: e.TRUSTED_DOCUMENTS, manifestPath: e.TRUSTED_DOCUMENTS_MANIFEST },
    /** Query-shape limits (documented in src/plugins/query-limits.ts). */
    queryLimits: {
      /** Nesting depth of fields (a leaf directly under the root is depth 1); fragments add none. */
      maxDepth: e.GRAPHQL_MAX_DEPTH,
      /** Aliased fields per operation, `__typename` included. */
      maxAliases: e.GRAPHQL_MAX_ALIASES,
      /** Directives per operation, counted through fragment spreads. */
      maxDirectives: e.GRAPHQL_MAX_DIRECTIVES,
      /** `operationCost` of the operation with its variables. */
      maxCost: e.GRAPHQL_MAX_COST,
      /** Lexical tokens of the document. */
      maxTokens: e.GRAPHQL_MAX_TOKENS,
      /** Field selections per operation, each fragment spread counted with its whole content. */
      maxSelections: e.GRAPHQL_MAX_SELECTIONS,
    },
    /** The general operation budget per window: per IP when anonymous, per user when signed in. */
    operationLimits: {
      perIp: e.RATE_LIMIT_OPERATIONS_PER_IP,
      perUser: e.RATE_LIMIT_OPERATIONS_PER_USER,
      windowSeconds: e.RATE_LIMIT_OPERATIONS_WINDOW_SECONDS,
    },
    redis: { url: e.REDIS_URL },
    /** Subscriptions over WebSocket (src/realtime/websocket-server.ts). */
    websocket: {
      /** Active subscriptions one connection may hold. */
      maxSubscriptionsPerConnection: e.WS_MAX_SUBSCRIPTIONS_PER_CONNECTION,
      /** Active subscriptions one user may hold on one instance, over all their connections. */
      maxSubscriptionsPerUser: e.WS_MAX_SUBSCRIPTIONS_PER_USER,
      /** Interval of the server's WebSocket pings; a connection silent for two intervals is dropped. */
      keepAliveMs: e.WS_KEEPALIVE_MS,
      /** How long a new connection may take to send `connection_init`. */
      connectionInitTimeoutMs: e.WS_CONNECTION_INIT_TIMEOUT_MS,
    },
    community: {
      postTitleMaxLength: e.POST_TITLE_MAX_LENGTH,
      postContentMaxLength: e.POST_CONTENT_MAX_LENGTH,
      commentMaxLength: e.COMMENT_MAX_LENGTH,
      /** A post is hot with at least this many likes… */
      hotPostMinLikes: e.HOT_POST_MIN_LIKES,
      /** …within this many days of being posted. */
      hotPostDays: e.HOT_POST_DAYS,
      /** Reports that blind a post or comment until STAFF restores it. */
      reportBlindThreshold: e.REPORT_BLIND_THRESHOLD,
      /** Reports of accounts younger than this do not count toward blinding. */
      reportMinAccountAgeHours: e.REPORT_MIN_ACCOUNT_AGE_HOURS,
    },
    projects: {
      /** IANA zone for "today" and "overdue" when the viewer's profile names none. */
      defaultTimeZone: e.DEFAULT_TIME_ZONE,
      nameMaxLength: e.PROJECT_NAME_MAX_LENGTH,
      descriptionMaxLength: e.PROJECT_DESCRIPTION_MAX_LENGTH,
      taskTitleMaxLength: e.TASK_TITLE_MAX_LENGTH,
      taskDetailMaxLength: e.TASK_DETAIL_MAX_LENGTH,
    },
    /** Uploaded files (src/modules/media). */
    media: {
      /** `local`: files under `<dataDir>/uploads`, upload and download URLs served by this server. */
      driver: e.STORAGE_DRIVER ?? (isProduction ? ('s3' as const) : ('local' as const)),
      /** local driver: the API's public base URL for those links; unset, the listening address. */
      publicUrl: e.MEDIA_PUBLIC_URL?.replace(/\/+$/, ''),
      s3: e.S3_BUCKET
        ? {
            endpoint: e.S3_ENDPOINT,
            region: e.S3_REGION,
            bucket: e.S3_BUCKET,
            accessKeyId: e.S3_ACCESS_KEY_ID,
            secretAccessKey: e.S3_SECRET_ACCESS_KEY,
            forcePathStyle: e.S3_FORCE_PATH_STYLE,
          }
        : undefined,
      /** Post images and avatars. */
      image: { maxBytes: e.MEDIA_IMAGE_MAX_BYTES, contentTypes: e.MEDIA_IMAGE_TYPES },
      /** Project attachments. */
      attachment: { maxBytes: e.MEDIA_ATTACHMENT_MAX_BYTES, contentTypes: e.MEDIA_ATTACHMENT_TYPES },
      postImagesMax: e.MEDIA_POST_IMAGES_MAX,
      /** Make a WebP thumbnail of each image when it is bound. */
      thumbnails: e.MEDIA_THUMBNAILS,
      uploadUrlTtlSeconds: e.MEDIA_UPLOAD_URL_TTL_SECONDS,
      downloadUrlTtlSeconds: e.MEDIA_DOWNLOAD_URL_TTL_SECONDS,
      /** Unbound uploads, and files no longer used (deleted post, project or account; replaced), are deleted after this. */
      graceSeconds: e.MEDIA_GRACE_SECONDS,
      cleanupIntervalSeconds: e.MEDIA_CLEANUP_INTERVAL_SECONDS,
    },
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
  };
}

/** The application's configuration: what `configFrom` returns. */
export type Config = ReturnType<typeof configFrom>;
export type RuntimeEnv = Config['env'];

/** loadConfig over this process's environment: for entry points (main, scripts). */
export function loadConfigFromProcess(): Config {
  return loadConfig(process.env);
}

/** This process's environment plus `overrides`, for a child process (the Prisma CLI). */
export function childProcessEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}
