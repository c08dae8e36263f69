/**
 * Outgoing mail, behind the smallest interface that works: `SmtpMailer` (nodemailer) when
 * SMTP_URL is set, otherwise `LogMailer`, which writes messages to the log in development
 * (so a developer can follow a link) and only their existence in production, since a body
 * carries a secret link. Production uses the log only when MAIL_TRANSPORT=log says so
 * (config.ts). Mail is never sent on the request path: the job queue (src/jobs/) calls
 * `send`, and retries when it throws.
 */
import { createTransport, type Transporter } from 'nodemailer';
import type { Config } from '../config';
import type { Logger } from '../shared/logger';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** Resolves once the message is accepted for delivery; throws when it was not (the job retries). */
  send(message: MailMessage): Promise<void>;
  /** Releases connections; optional. */
  close?(): Promise<void>;
}

export class LogMailer implements Mailer {
  constructor(
    private readonly logger: Logger,
    private readonly includeBody: boolean,
  ) {}

  async send(message: MailMessage): Promise<void> {
    if (this.includeBody) {
      this.logger.info({ mail: { to: message.to, subject: message.subject } }, `mail (development, not sent):\n${message.text}`);
    } else {
      this.logger.warn({ mail: { subject: message.subject } }, 'no mailer is configured: a mail was not sent');
    }
  }
}

/** Sends through an SMTP server (SMTP_URL, e.g. smtps://user:pass@smtp.example.com:465). */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    // Bounded waits: a stuck server fails the job (which is retried) instead of holding a worker.
    this.transport = createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  }

  async send(message: MailMessage): Promise<void> {
    await this.transport.sendMail({ from: this.from, to: message.to, subject: message.subject, text: message.text });
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

/** The mailer the configuration asks for. */
export function createMailer(mail: Config['mail'], env: Config['env'], logger: Logger): Mailer {
  if (mail.transport === 'smtp' && mail.smtpUrl) return new SmtpMailer(mail.smtpUrl, mail.from);
  return new LogMailer(logger, env !== 'production');
}
