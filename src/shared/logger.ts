/**
 * Structured JSON logs (pino). Secrets never reach a log line: the paths below are redacted
 * wherever they appear, and GraphQL variables are never logged.
 */
import pino from 'pino';
import pretty from 'pino-pretty';
import type { Config } from '../config';

export type Logger = pino.Logger;

const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.jwtSecret',
  'config.auth',
  'variables',
];

/**
 * @param destination where lines go (tests capture them); default stdout, human-readable
 *   when `pretty` (development in a terminal), JSON otherwise.
 */
export function createLogger(level: Config['log']['level'], destination?: pino.DestinationStream, options: { pretty?: boolean } = {}): Logger {
  const stream = destination ?? (options.pretty ? pretty({ colorize: true, sync: true, ignore: 'pid,hostname,service' }) : undefined);
  return pino(
    {
      level,
      base: { service: 'campus-graphql-api' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    stream,
  );
}

/** Removes credentials from a database URL before it is logged. */
export function describeDatabaseUrl(url: string): string {
  const parsed = new URL(url);
  parsed.password = parsed.password ? '***' : '';
  return parsed.toString();
}
