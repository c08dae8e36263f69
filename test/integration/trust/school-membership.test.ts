/**
 * Verified school membership: proven with an address at the school's domain (or STAFF
 * approval for schools without one), never self-declared; schools run by STAFF.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { SIGNUP, signUp } from '../../helpers/accounts';
import { createBoard, createCommunitySchool, staff } from '../../helpers/community';
import { createSchool, unique } from '../../helpers/factories';
import { exec } from '../../helpers/graphql';
import { TestSmtpServer, tokenOf } from '../../helpers/smtp';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import { testConfig } from '../../helpers/test-config';

const ME = 'query { me { id emailVerified school { id } schoolVerifiedAt } }';
const REQUEST = 'mutation R($input: RequestSchoolVerificationInput!) { requestSchoolVerification(input: $input) }';
const VERIFY_SCHOOL = 'mutation V($token: String!) { verifySchoolEmail(token: $token) }';
const VERIFY_EMAIL = 'mutation V($token: String!) { verifyEmail(token: $token) }';
const BOARDS = 'query B($schoolId: ID!) { boards(schoolId: $schoolId) { totalCount } }';
const APPROVE = 'mutation A($userId: ID!, $schoolId: ID!) { approveMembership(userId: $userId, schoolId: $schoolId) { id school { id } } }';
const CREATE_SCHOOL = 'mutation C($input: CreateSchoolInput!) { createSchool(input: $input) { id name region domain allowsClubBoards } }';
const UPDATE_SCHOOL = 'mutation U($input: UpdateSchoolInput!) { updateSchool(input: $input) { id name region domain allowsClubBoards } }';

let smtp: TestSmtpServer;
let app: TestApp;
beforeAll(async () => {
  smtp = await TestSmtpServer.start();
  app = await createTestApp(testConfig({ SMTP_URL: smtp.url, MAIL_TRANSPORT: 'smtp', AUTH_SESSION_CACHE_MS: '0' }));
});
afterAll(async () => {
  await app.stop();
  await smtp.stop();
});

const membershipMail = (mail: { subject: string }) => mail.subject.startsWith('Confirm your membership');
const me = async (token: string) => (await exec(app, ME, {}, { token })).expectData().me;

describe('requestSchoolVerification and verifySchoolEmail', () => {
  it('mails a link to an address at a subdomain of the school; the link makes the account a member that reads the boards', async () => {
    const school = await createSchool(app.db);
    await createBoard(app.db, { schoolId: school.id });
    const account = await signUp(app);
    const schoolEmail = `${unique('s')}@cs.${school.domain}`;
    (await exec(app, BOARDS, { schoolId: school.id }, { token: account.accessToken })).expectError('NOT_FOUND');

    (await exec(app, REQUEST, { input: { schoolId: school.id, schoolEmail: schoolEmail.toUpperCase() } }, { token: account.accessToken })).expectData();
    const token = tokenOf(await smtp.waitForMail(schoolEmail, membershipMail));
    (await exec(app, VERIFY_SCHOOL, { token })).expectData();

    expect(await me(account.accessToken)).toMatchObject({ school: { id: school.id }, schoolVerifiedAt: expect.any(String) });
    expect((await exec(app, BOARDS, { schoolId: school.id }, { token: account.accessToken })).expectData().boards.totalCount).toBe(1);
    (await exec(app, VERIFY_SCHOOL, { token })).expectError('BAD_USER_INPUT');
  });

  it('refuses an address outside the domain, a look-alike domain, an unknown school and a school without a domain', async () => {
    const school = await createSchool(app.db);
    const noDomain = await createSchool(app.db, { domain: null });
    const account = await signUp(app);
    const as = { token: account.accessToken };

    const outside = await exec(app, REQUEST, { input: { schoolId: school.id, schoolEmail: 'me@gmail.com' } }, as);
    const lookAlike = await exec(app, REQUEST, { input: { schoolId: school.id, schoolEmail: `me@not${school.domain}` } }, as);
    const unknown = await exec(app, REQUEST, { input: { schoolId: 'no-such-school', schoolEmail: `me@${school.domain}` } }, as);
    const withoutDomain = await exec(app, REQUEST, { input: { schoolId: noDomain.id, schoolEmail: 'me@example.ac.kr' } }, as);

    expect(outside.expectError('BAD_USER_INPUT').extensions?.fields).toEqual([{ field: 'schoolEmail', message: `must be an address at ${school.domain}` }]);
    const fieldOf = (error: { extensions?: Record<string, unknown> }) => (error.extensions?.fields as { field: string }[] | undefined)?.[0]?.field;
    expect(fieldOf(lookAlike.expectError('BAD_USER_INPUT'))).toBe('schoolEmail');
    expect(fieldOf(unknown.expectError('BAD_USER_INPUT'))).toBe('schoolId');
    expect(fieldOf(withoutDomain.expectError('BAD_USER_INPUT'))).toBe('schoolId');
    (await exec(app, REQUEST, { input: { schoolId: school.id, schoolEmail: `me@${school.domain}` } })).expectError('UNAUTHENTICATED');
  });

  it('answers 4xx codes, never a fault, for any input', async () => {
    const school = await createSchool(app.db);
    const account = await signUp(app);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constant(school.id), fc.string({ maxLength: 80 })), fc.oneof(fc.emailAddress(), fc.string({ maxLength: 300 })), async (schoolId, schoolEmail) => {
        const result = await exec(app, REQUEST, { input: { schoolId, schoolEmail } }, { token: account.accessToken });
        if (result.errors) expect(['BAD_USER_INPUT', 'RATE_LIMITED']).toContain(result.errors[0].extensions?.code);
      }),
      { numRuns: 30 },
    );
  });

  it('verifies one account at a time: using the address for another account moves the membership', async () => {
    const school = await createSchool(app.db);
    const [first, second] = [await signUp(app), await signUp(app)];
    const schoolEmail = `${unique('shared')}@${school.domain}`;
    const verifyWith = async (token: string) => {
      const before = smtp.mailsTo(schoolEmail).length;
      (await exec(app, REQUEST, { input: { schoolId: school.id, schoolEmail } }, { token })).expectData();
      const mail = await smtp.waitForMail(schoolEmail, (m) => membershipMail(m) && smtp.mailsTo(schoolEmail).indexOf(m) >= before);
      (await exec(app, VERIFY_SCHOOL, { token: tokenOf(mail) })).expectData();
    };

    await verifyWith(first.accessToken);
    await verifyWith(second.accessToken);

    expect((await me(first.accessToken)).school).toBeNull();
    expect((await me(second.accessToken)).school).toEqual({ id: school.id });
  });
});

describe('sign-up with a school address', () => {
  it('verifies the e-mail and the membership with one link', async () => {
    const school = await createSchool(app.db);
    const email = `${unique('fresh')}@${school.domain}`;
    const username = unique('f').replace(/-/g, '_').slice(0, 20);
    const token = (await exec(app, SIGNUP, { input: { email, username, password: 'correct horse battery' } })).expectData().signup.accessToken;
    expect(await me(token)).toMatchObject({ emailVerified: false, school: null });

    const mail = await smtp.waitForMail(email, (m) => m.subject === 'Verify your e-mail address');
    (await exec(app, VERIFY_EMAIL, { token: tokenOf(mail) })).expectData();

    expect(mail.text).toContain(school.name);
    expect(await me(token)).toMatchObject({ emailVerified: true, school: { id: school.id }, schoolVerifiedAt: expect.any(String) });
  });

  it('cannot name a school in signup or updateProfile', async () => {
    const school = await createSchool(app.db);
    const account = await signUp(app);
    const username = unique('n').replace(/-/g, '_').slice(0, 20);

    const signup = await exec(app, SIGNUP, { input: { email: `${username}@example.com`, username, password: 'correct horse battery', schoolId: school.id } });
    const update = await exec(app, 'mutation U($input: UpdateProfileInput!) { updateProfile(input: $input) { id } }', { input: { schoolId: school.id } }, { token: account.accessToken });

    signup.expectError('BAD_USER_INPUT');
    update.expectError('BAD_USER_INPUT');
    expect((await me(account.accessToken)).school).toBeNull();
  });
});

describe('approveMembership', () => {
  it('lets STAFF make an account a member of a school without a domain; others get FORBIDDEN', async () => {
    const school = await createCommunitySchool(app.db);
    const noDomain = await app.db.school.update({ where: { id: school.id }, data: { domain: null } });
    const [moderator, account] = [await staff(app), await signUp(app)];

    const refused = await exec(app, APPROVE, { userId: account.id, schoolId: noDomain.id }, { token: account.accessToken });
    const approved = await exec(app, APPROVE, { userId: account.id, schoolId: noDomain.id }, { token: moderator.accessToken });
    const unknownUser = await exec(app, APPROVE, { userId: 'nobody', schoolId: noDomain.id }, { token: moderator.accessToken });

    refused.expectError('FORBIDDEN');
    expect(approved.expectData().approveMembership).toEqual({ id: account.id, school: { id: noDomain.id } });
    unknownUser.expectError('NOT_FOUND');
    expect((await exec(app, BOARDS, { schoolId: noDomain.id }, { token: account.accessToken })).expectData().boards.totalCount).toBe(0);
  });
});

describe('createSchool and updateSchool', () => {
  it('lets STAFF create and edit schools, normalising the domain; USER gets FORBIDDEN', async () => {
    const [moderator, user] = [await staff(app), await signUp(app)];
    const domain = `${unique('new')}.ac.kr`;

    const refused = await exec(app, CREATE_SCHOOL, { input: { name: '새대학교', region: '부산', domain } }, { token: user.accessToken });
    const created = (await exec(app, CREATE_SCHOOL, { input: { name: ' 새대학교 ', region: '부산', domain: ` @${domain.toUpperCase()} ` } }, { token: moderator.accessToken })).expectData().createSchool;
    const taken = await exec(app, CREATE_SCHOOL, { input: { name: 'Other', region: '서울', domain } }, { token: moderator.accessToken });
    const updated = (await exec(app, UPDATE_SCHOOL, { input: { id: created.id, name: '새로운대학교', allowsClubBoards: true, domain: null } }, { token: moderator.accessToken })).expectData().updateSchool;

    refused.expectError('FORBIDDEN');
    expect(created).toMatchObject({ name: '새대학교', region: '부산', domain, allowsClubBoards: false });
    expect(taken.expectError('CONFLICT').extensions?.fields).toEqual([{ field: 'domain', message: 'is already the domain of another school' }]);
    expect(updated).toEqual({ id: created.id, name: '새로운대학교', region: '부산', domain: null, allowsClubBoards: true });
    (await exec(app, UPDATE_SCHOOL, { input: { id: 'nope', name: 'x' } }, { token: moderator.accessToken })).expectError('NOT_FOUND');
  });

  it('answers BAD_USER_INPUT or CONFLICT, never a fault, for any school fields', async () => {
    const moderator = await staff(app);
    const text = fc.oneof(fc.string({ maxLength: 120 }), fc.constant('   '));
    await fc.assert(
      fc.asyncProperty(text, text, fc.option(fc.oneof(fc.domain(), fc.string({ maxLength: 300 }))), async (name, region, domain) => {
        const result = await exec(app, CREATE_SCHOOL, { input: { name, region, domain } }, { token: moderator.accessToken });
        if (result.errors) expect(['BAD_USER_INPUT', 'CONFLICT']).toContain(result.errors[0].extensions?.code);
        else expect(result.data?.createSchool.name).toBe(name.trim());
      }),
      { numRuns: 40 },
    );
  });

  it('answers 4xx codes, never a fault, for any update and any approveMembership ids', async () => {
    const moderator = await staff(app);
    const school = await createSchool(app.db);
    const as = { token: moderator.accessToken };
    await fc.assert(
      fc.asyncProperty(
        fc.record({ id: fc.oneof(fc.constant(school.id), fc.string({ maxLength: 80 })), name: fc.option(fc.string({ maxLength: 120 })), region: fc.option(fc.string({ maxLength: 120 })), domain: fc.option(fc.oneof(fc.domain(), fc.string({ maxLength: 300 }))), allowsClubBoards: fc.option(fc.boolean()) }, { requiredKeys: ['id'] }),
        fc.string({ maxLength: 80 }),
        async (input, userId) => {
          const update = await exec(app, UPDATE_SCHOOL, { input }, as);
          if (update.errors) expect(['BAD_USER_INPUT', 'CONFLICT', 'NOT_FOUND']).toContain(update.errors[0].extensions?.code);
          const approve = await exec(app, APPROVE, { userId, schoolId: input.id }, as);
          expect(['BAD_USER_INPUT', 'NOT_FOUND']).toContain(approve.errors?.[0]?.extensions?.code);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('answers BAD_USER_INPUT, never a fault, for any school verification token', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 600 }), async (token) => {
        expect((await exec(app, VERIFY_SCHOOL, { token })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      }),
      { numRuns: 25 },
    );
  });
});

describe('board categories', () => {
  it('include 학과, 진로, 홍보 and 단체 boards, each described in the schema', async () => {
    const school = await createSchool(app.db);
    const moderator = await staff(app);
    const categories = ['DEPARTMENT', 'CAREER', 'PROMOTION', 'ORGANIZATION'];

    const created = [];
    for (const category of categories) {
      const result = await exec(app, 'mutation B($input: CreateBoardInput!) { createBoard(input: $input) { category } }', { input: { schoolId: school.id, name: unique(category), category } }, { token: moderator.accessToken });
      created.push(result.expectData().createBoard.category);
    }
    const described = (await exec(app, '{ __type(name: "BoardCategory") { enumValues { name description } } }')).expectData().__type.enumValues;

    expect(created).toEqual(categories);
    for (const category of categories) expect(described).toContainEqual({ name: category, description: expect.stringMatching(/\S/) });
  });
});
