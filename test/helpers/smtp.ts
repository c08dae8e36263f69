/**
 * A real SMTP server in the test process (the `smtp-server` package), on a loopback port:
 * the application's SmtpMailer (nodemailer) delivers to it as to any mail server, and tests
 * read the delivered, parsed mail. It can refuse deliveries for a while (a failing server),
 * to test the job queue's retries.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface DeliveredMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
}

export class TestSmtpServer {
  readonly delivered: DeliveredMail[] = [];
  /** Delivery attempts refused so far (RCPT answered 451). */
  refused = 0;
  private refuseNext = 0;
  private held: (() => void)[] | null = null;
  private readonly waiters: (() => void)[] = [];

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  static async start(): Promise<TestSmtpServer> {
    let self: TestSmtpServer | undefined;
    const server = new SMTPServer({
      // Plain SMTP on loopback, no authentication: nothing here needs TLS.
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo(_address, _session, callback) {
        if (self?.held) {
          // A slow server: the answer waits until the test releases it.
          self.held.push(() => callback());
          return;
        }
        if (self && self.refuseNext > 0) {
          self.refuseNext--;
          self.refused++;
          callback(Object.assign(new Error('Mailbox temporarily unavailable, try again later'), { responseCode: 451 }));
          return;
        }
        callback();
      },
      onData(stream, session, callback) {
        simpleParser(stream).then(
          (mail) => {
            self?.record({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: mail.subject ?? '',
              text: mail.text ?? '',
            });
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.server.address() as AddressInfo;
    self = new TestSmtpServer(server, port);
    return self;
  }

  /** SMTP_URL for the application. */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Refuses the next `count` deliveries with a temporary error (451). */
  refuseDeliveries(count: number): void {
    this.refuseNext = count;
  }

  /** Holds every delivery (a stalled server) until the returned function releases them. */
  holdDeliveries(): () => void {
    this.held = [];
    return () => {
      const waiting = this.held ?? [];
      this.held = null;
      for (const answer of waiting) answer();
    };
  }

  /** The first delivered mail to `to` matching `predicate` (already here or arriving within `timeoutMs`). */
  async waitForMail(to: string, predicate: (mail: DeliveredMail) => boolean = () => true, timeoutMs = 15_000): Promise<DeliveredMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.delivered.find((mail) => mail.to.includes(to) && predicate(mail));
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no mail to ${to} was delivered within ${timeoutMs} ms (delivered: ${JSON.stringify(this.delivered.map((m) => [m.to, m.subject]))})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Mails delivered to `to` so far. */
  mailsTo(to: string): DeliveredMail[] {
    return this.delivered.filter((mail) => mail.to.includes(to));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private record(mail: DeliveredMail): void {
    this.delivered.push(mail);
    for (const wake of this.waiters.splice(0)) wake();
  }
}

/** The token of the link in a mail (`…#token=<token>`). */
export function tokenOf(mail: DeliveredMail): string {
  const match = /#token=([A-Za-z0-9_-]+)/.exec(mail.text);
  if (!match) throw new Error(`no link with a token in mail "${mail.subject}":\n${mail.text}`);
  return match[1];
}
