/**
 * Mail leaves the request path: requests only enqueue a job (graphile-worker on this
 * database), the worker delivers over SMTP and retries while the server refuses.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signUp } from '../../helpers/accounts';
import { unique } from '../../helpers/factories';
import { exec } from '../../helpers/graphql';
import { TestSmtpServer, tokenOf } from '../../helpers/smtp';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import { testConfig } from '../../helpers/test-config';

const REQUEST_RESET = 'mutation R($email: String!) { requestPasswordReset(email: $email) }';
const RESET = 'mutation R($input: ResetPasswordInput!) { resetPassword(input: $input) }';

let smtp: TestSmtpServer;
let app: TestApp;
beforeAll(async () => {
  smtp = await TestSmtpServer.start();
  app = await createTestApp(testConfig({ SMTP_URL: smtp.url, MAIL_TRANSPORT: 'smtp' }));
});
afterAll(async () => {
  await app.stop();
  await smtp.stop();
});

const isReset = (mail: { subject: string }) => mail.subject === 'Reset your password';

describe('requestPasswordReset', () => {
  // The one statement is the enqueue (the known address's mail proves it was a job); the
  // account lookup happens in the job, so both answers cost the same on the request path.
  it('does the same work for a known and an unknown address: one statement that enqueues one job', async () => {
    const account = await signUp(app);
    const unknownEmail = `${unique('nobody')}@example.com`;

    const known = await exec(app, REQUEST_RESET, { email: account.email });
    const unknown = await exec(app, REQUEST_RESET, { email: unknownEmail });

    expect([known.expectData(), unknown.expectData()]).toEqual([{ requestPasswordReset: true }, { requestPasswordReset: true }]);
    expect(known.sqlStatements).toBe(1);
    expect(unknown.sqlStatements).toBe(known.sqlStatements);
    const mail = await smtp.waitForMail(account.email, isReset);
    (await exec(app, RESET, { input: { token: tokenOf(mail), newPassword: 'a brand new secret' } })).expectData();
    expect(smtp.mailsTo(unknownEmail)).toEqual([]);
  });
});

describe('delivery', () => {
  it('retries while the SMTP server refuses, and delivers the mail afterwards', async () => {
    const account = await signUp(app);
    smtp.refuseDeliveries(1);
    const refusedBefore = smtp.refused;

    const answered = (await exec(app, REQUEST_RESET, { email: account.email })).expectData();
    const mail = await smtp.waitForMail(account.email, isReset, 20_000);

    expect(answered.requestPasswordReset).toBe(true);
    expect(smtp.refused - refusedBefore).toBe(1);
    expect(mail.text).toContain('/reset-password#token=');
  }, 30_000);

  it('answers the request while the SMTP server stalls, and delivers once it answers', async () => {
    const account = await signUp(app);
    const release = smtp.holdDeliveries();
    try {
      const answered = (await exec(app, REQUEST_RESET, { email: account.email })).expectData();

      expect(answered.requestPasswordReset).toBe(true);
      expect(smtp.mailsTo(account.email).filter(isReset)).toEqual([]);
    } finally {
      release();
    }
    expect((await smtp.waitForMail(account.email, isReset)).text).toContain('/reset-password#token=');
  });

  it('keeps a job enqueued by an instance without a worker until a worker delivers it', async () => {
    const account = await signUp(app);
    const withoutWorker = await createTestApp(testConfig({ SMTP_URL: smtp.url, MAIL_TRANSPORT: 'smtp', JOBS_WORKER: 'false' }));
    try {
      (await exec(withoutWorker, REQUEST_RESET, { email: account.email })).expectData();
    } finally {
      await withoutWorker.stop();
    }

    expect((await smtp.waitForMail(account.email, isReset)).subject).toBe('Reset your password');
  });
});
