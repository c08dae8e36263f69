import { loadConfig, type Config } from '../../src/config';
import { workerDatabaseUrl } from '../setup/test-database';

/** Fixed test secret: 64 bytes, never used outside tests. */
export const TEST_JWT_SECRET = 'test-secret-0123456789abcdef0123456789abcdef0123456789abcdef0123';

/** The test profile: this worker's database, silent logs, any port. Overrides win. */
export function testConfig(overrides: Record<string, string | undefined> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: workerDatabaseUrl(),
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'info',
    DATABASE_POOL_MAX: '4',
    BCRYPT_COST: '4',
    PASSWORD_WORKERS: '2',
    // Tests sign in many times from one address, and some write many posts as one user; the
    // throttling tests lower these.
    RATE_LIMIT_LOGIN_PER_IP: '100000',
    LOGIN_BACKOFF_FREE_ATTEMPTS: '100000',
    RATE_LIMIT_SIGNUP_PER_IP: '100000',
    RATE_LIMIT_REFRESH_PER_IP: '100000',
    RATE_LIMIT_PASSWORD_RESET_PER_IP: '100000',
    RATE_LIMIT_POSTS_PER_USER: '100000',
    RATE_LIMIT_COMMENTS_PER_USER: '100000',
    RATE_LIMIT_MESSAGES_PER_USER: '100000',
    RATE_LIMIT_LIKES_PER_USER: '100000',
    RATE_LIMIT_VERIFICATION_MAIL_PER_USER: '100000',
    // Mail goes to the log unless a test starts an SMTP server (test/helpers/smtp.ts).
    MAIL_TRANSPORT: 'log',
    // One job at a time: every test app runs a worker, and the machine's connections are shared.
    JOBS_CONCURRENCY: '1',
    // Test accounts are seconds old; the report tests set the age rule explicitly.
    REPORT_MIN_ACCOUNT_AGE_HOURS: '0',
    // Files stay on this machine (the production profile would otherwise require S3 settings).
    STORAGE_DRIVER: 'local',
    ...overrides,
  });
}
