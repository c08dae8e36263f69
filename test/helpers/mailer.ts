import type { Mailer, MailMessage } from '../../src/auth/mailer';

/** Keeps sent mail in memory so that tests can read reset links. */
export class InMemoryMailer implements Mailer {
  readonly sent: MailMessage[] = [];

  async send(message: MailMessage): Promise<void> {
    this.sent.push(message);
  }

  /** The token of the last reset link sent to `to`. */
  lastResetToken(to: string): string | undefined {
    const mail = [...this.sent].reverse().find((m) => m.to === to);
    return mail ? /#token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1] : undefined;
  }
}
