import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../../src/config';

const SECRET = 'a-production-secret-that-is-long-enough-000';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('runs with no configuration at all in development', () => {
    const config = loadConfig({});

    expect(config).toMatchObject({
      env: 'development',
      http: { host: 'localhost', port: 4000, corsOrigins: true },
      db: { url: undefined, embeddedPort: 54320 },
      dataDir: '.data',
      log: { level: 'info' },
      auth: { jwtSecret: undefined },
      graphql: { introspection: true, sandbox: true, fastPath: true },
      redis: { url: undefined },
    });
  });

  it('turns the fast path off with GRAPHQL_FAST_PATH=false', () => {
    expect(loadConfig({ GRAPHQL_FAST_PATH: 'false' }).graphql.fastPath).toBe(false);
  });

  it('requires the secret and the database in production, and turns introspection and Sandbox off', () => {
    expect(problems({ NODE_ENV: 'production', STORAGE_DRIVER: 'local' })).toEqual([
      'JWT_SECRET is required in production (at least 32 bytes)',
      'DATABASE_URL is required in production (the embedded database is for development)',
      'SMTP_URL is required in production (or set MAIL_TRANSPORT=log to only log that mails were not sent)',
    ]);

    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET, DATABASE_URL: 'postgresql://u@db:5432/app', MAIL_TRANSPORT: 'log', STORAGE_DRIVER: 'local' });
    expect(config.graphql).toEqual({ introspection: false, sandbox: false, fastPath: true });
    expect(config.http.corsOrigins).toEqual([]);
  });

  it('sends mail over SMTP when SMTP_URL is set, logs it otherwise, and in production needs MAIL_FROM or an explicit MAIL_TRANSPORT=log', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: SECRET, DATABASE_URL: 'postgresql://u@db:5432/app', STORAGE_DRIVER: 'local' };

    expect(loadConfig({}).mail).toMatchObject({ transport: 'log', smtpUrl: undefined });
    expect(loadConfig({ SMTP_URL: 'smtp://mail.example:25' }).mail).toMatchObject({ transport: 'smtp', smtpUrl: 'smtp://mail.example:25', from: 'Campus <no-reply@localhost>' });
    expect(problems({ MAIL_TRANSPORT: 'smtp' })).toEqual(['SMTP_URL is required when MAIL_TRANSPORT=smtp']);
    expect(problems({ SMTP_URL: 'http://mail.example' })).toEqual(['SMTP_URL must be an smtp:// or smtps:// URL']);
    expect(problems({ ...production, SMTP_URL: 'smtps://u:p@mail.example:465' })).toEqual([
      'MAIL_FROM is required in production when mail is sent (e.g. "Campus <no-reply@example.com>")',
    ]);
    expect(loadConfig({ ...production, SMTP_URL: 'smtps://u:p@mail.example:465', MAIL_FROM: 'Campus <no@example.com>' }).mail.transport).toBe('smtp');
    expect(loadConfig({ ...production, MAIL_TRANSPORT: 'log' }).mail.transport).toBe('log');
  });

  it('defaults the report age rule to 24 hours and accepts 0', () => {
    expect(loadConfig({}).community.reportMinAccountAgeHours).toBe(24);
    expect(loadConfig({ REPORT_MIN_ACCOUNT_AGE_HOURS: '0' }).community.reportMinAccountAgeHours).toBe(0);
    expect(problems({ REPORT_MIN_ACCOUNT_AGE_HOURS: '-1' })[0]).toMatch(/^REPORT_MIN_ACCOUNT_AGE_HOURS/);
  });

  it('reports every invalid variable at once, by name, without echoing values', () => {
    const found = problems({ PORT: 'eighty', JWT_SECRET: 'short-secret-value', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', REDIS_URL: 'nope' });

    expect(found.map((p) => p.split(' ')[0]).sort()).toEqual(['DATABASE_URL', 'JWT_SECRET', 'LOG_LEVEL', 'PORT', 'REDIS_URL']);
    expect(found.join('\n')).not.toContain('short-secret-value');
  });

  it('parses CORS_ORIGINS as a comma-separated allow-list, "*" meaning any origin', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example, https://b.example' }).http.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(loadConfig({ CORS_ORIGINS: '*' }).http.corsOrigins).toBe(true);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' })).toMatchObject({ http: { port: 4000 }, db: { url: undefined } });
  });
});
