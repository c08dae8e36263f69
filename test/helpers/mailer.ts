import type { Mailer, MailMessage } from '../../src/auth/mailer';

/**
 * Keeps sent mail in memory so that tests can read links. Mail is sent by the job queue,
 * after the request: wait for it with `waitFor`. (The SMTP path is tested with a real
 * server: test/helpers/smtp.ts.)
 */
export class InMemoryMailer implements Mailer {
  readonly sent: MailMessage[] = [];
  private readonly waiters: (() => void)[] = [];

  async send(message: MailMessage): Promise<void> {
    this.sent.push(message);
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** The first mail (sent so far or later) matching `predicate`; fails after `timeoutMs`. */
  async waitFor(predicate: (mail: MailMessage) => boolean, timeoutMs = 10_000): Promise<MailMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.sent.find(predicate);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no matching mail was sent in time');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The token of the next (or already sent, not yet taken) reset link mailed to `to`. */
  async resetToken(to: string, after = 0): Promise<string> {
    const mail = await this.waitFor((m) => m.to === to && m.text.includes('/reset-password#token=') && this.sent.indexOf(m) >= after);
    return /#token=([A-Za-z0-9_-]+)/.exec(mail.text)![1];
  }
}
