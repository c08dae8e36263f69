/**
 * Outgoing mail, behind the smallest interface that works. No mail provider is wired yet:
 * the default writes messages to the log in development (so a developer can follow a reset
 * link) and only their existence in production, since the body carries a secret link.
 */
import type { Logger } from '../shared/logger';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
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
