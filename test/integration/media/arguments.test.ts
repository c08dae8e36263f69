/**
 * Property tests over the media arguments (requestUpload's input, the upload ids that
 * createPost, updateProfile and addProjectAttachment take), and the per-user upload quota.
 * Every client mistake is a BAD_USER_INPUT naming the field (never an internal error, never
 * echoing the value), and requestUpload accepts exactly what the policy allows.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { checkUploadRequest } from '../../../src/modules/media/media.policy';
import { UploadPurpose } from '../../../src/modules/media/media.types';
import { UserInputError } from '../../../src/shared/errors';
import type { TestAccount } from '../../helpers/accounts';
import { createBoard, createCommunitySchool, member } from '../../helpers/community';
import { exec } from '../../helpers/graphql';
import { tempDir } from '../../helpers/media';
import { createProject } from '../../helpers/projects';
import { testConfig } from '../../helpers/test-config';
import { createTestApp, type TestApp } from '../../helpers/test-app';

const SEED = 20261204;
const REQUEST = 'mutation($input: RequestUploadInput!) { requestUpload(input: $input) { uploadId url } }';

let app: TestApp;
let user: TestAccount;
let boardId: string;
let projectId: string;

beforeAll(async () => {
  app = await createTestApp(testConfig({ DATA_DIR: await tempDir(), RATE_LIMIT_UPLOADS_PER_USER: '100000', RATE_LIMIT_UPLOAD_BYTES_PER_USER: '2000000000' }));
  const school = await createCommunitySchool(app.db);
  boardId = (await createBoard(app.db, { schoolId: school.id })).id;
  user = await member(app, school.id);
  projectId = (await createProject(app, user.accessToken)).id;
});

afterAll(async () => {
  await app.stop();
});

const purposes = fc.constantFrom(...Object.values(UploadPurpose));
const fileNames = fc.oneof(
  fc.constantFrom('a.png', 'photo.JPG', 'x.pdf', 'notes.txt', '../../etc/passwd', 'a/b.png', '..', ' ', 'no-extension', 'evil\u0000.png', `${'가'.repeat(251)}.png`),
  fc.string({ maxLength: 300, unit: 'binary' }),
);
const contentTypes = fc.oneof(
  fc.constantFrom('image/png', 'image/jpeg', 'IMAGE/PNG', 'image/png; charset=binary', 'application/pdf', 'text/plain', 'text/html', 'image/svg+xml', ''),
  fc.string({ maxLength: 200 }),
);
const byteSizes = fc.oneof(fc.constantFrom(0, 1, -1, 10 * 1024 * 1024, 10 * 1024 * 1024 + 1, 25 * 1024 * 1024, 2 ** 31 - 1, -(2 ** 31)), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }));

/** The fields named by a BAD_USER_INPUT, as argument names (`input.imageUploadIds.3` → `imageUploadIds`). */
function fieldsOf(error: { extensions?: Record<string, unknown> }): string[] {
  const fields = (error.extensions?.fields ?? []) as { field: string }[];
  return fields.map((f) => f.field.replace(/^input\./, '').replace(/\.\d+$/, ''));
}

describe('requestUpload arguments', () => {
  it('answers data exactly when the policy allows the input, and BAD_USER_INPUT naming its fields otherwise', async () => {
    await fc.assert(
      fc.asyncProperty(purposes, fileNames, contentTypes, byteSizes, async (purpose, fileName, contentType, byteSize) => {
        const input = { purpose, fileName, contentType, byteSize };
        let allowed = true;
        try {
          checkUploadRequest(app.config.media, input);
        } catch (error) {
          if (!(error instanceof UserInputError)) throw error;
          allowed = false;
        }

        const result = await exec(app, REQUEST, { input }, { token: user.accessToken });

        if (allowed && fileName.length <= 255 && contentType.length <= 127) {
          expect(result.expectData().requestUpload.uploadId).toEqual(expect.any(String));
          return;
        }
        const error = result.expectError('BAD_USER_INPUT');
        const fields = fieldsOf(error);
        expect(fields.length).toBeGreaterThan(0);
        expect(fields.every((f) => ['fileName', 'contentType', 'byteSize'].includes(f))).toBe(true);
        if (fileName.trim().length > 8) expect(JSON.stringify(result.errors)).not.toContain(JSON.stringify(fileName).slice(1, -1));
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
});

describe('upload ids given to binding mutations', () => {
  const ids = fc.array(fc.oneof(fc.uuid(), fc.string({ maxLength: 80 }), fc.constant('')), { maxLength: 60 });

  it('never fail with anything but BAD_USER_INPUT on the id field, and bind nothing', async () => {
    await fc.assert(
      fc.asyncProperty(ids, fc.oneof(fc.uuid(), fc.string({ maxLength: 80 })), async (imageUploadIds, single) => {
        const post = await exec(app, 'mutation($input: CreatePostInput!) { createPost(input: $input) { id images { id } } }', { input: { boardId, title: 't', content: 'c', imageUploadIds } }, { token: user.accessToken });
        const profile = await exec(app, 'mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { id avatarUrl } }', { input: { avatarUploadId: single } }, { token: user.accessToken });
        const attachment = await exec(app, 'mutation($p: ID!, $u: ID!) { addProjectAttachment(projectId: $p, uploadId: $u) { id } }', { p: projectId, u: single }, { token: user.accessToken });

        if (imageUploadIds.length === 0) expect(post.expectData().createPost.images).toEqual([]);
        else expect(fieldsOf(post.expectError('BAD_USER_INPUT')).every((f) => f === 'imageUploadIds')).toBe(true);
        expect(fieldsOf(profile.expectError('BAD_USER_INPUT')).every((f) => f === 'avatarUploadId')).toBe(true);
        expect(fieldsOf(attachment.expectError('BAD_USER_INPUT')).every((f) => f === 'uploadId')).toBe(true);
      }),
      { seed: SEED, numRuns: 40 },
    );
    expect(await app.db.upload.count({ where: { ownerId: user.id, boundAt: { not: null } } })).toBe(0);
  });
});

describe('the upload quota', () => {
  let limited: TestApp;

  beforeAll(async () => {
    limited = await createTestApp(testConfig({ DATA_DIR: await tempDir(), RATE_LIMIT_UPLOADS_PER_USER: '3', RATE_LIMIT_UPLOAD_BYTES_PER_USER: '1000' }));
  });

  afterAll(async () => {
    await limited.stop();
  });

  const input = (byteSize: number) => ({ input: { purpose: 'POST_IMAGE', fileName: 'a.png', contentType: 'image/png', byteSize } });

  it('refuses the upload past the daily count, each alias counting', async () => {
    const account = await member(limited, (await createCommunitySchool(limited.db)).id);
    const aliased = `mutation($input: RequestUploadInput!) { a: requestUpload(input: $input) { uploadId } b: requestUpload(input: $input) { uploadId } c: requestUpload(input: $input) { uploadId } d: requestUpload(input: $input) { uploadId } }`;

    const result = await exec(limited, aliased, input(10), { token: account.accessToken });

    expect(result.expectError('RATE_LIMITED').extensions?.retryAfterSeconds).toEqual(expect.any(Number));
    expect(result.errors).toHaveLength(1);
    expect(await limited.db.upload.count({ where: { ownerId: account.id } })).toBe(3);
  });

  it('refuses uploads past the daily bytes', async () => {
    const account = await member(limited, (await createCommunitySchool(limited.db)).id);

    (await exec(limited, REQUEST, input(900), { token: account.accessToken })).expectData();
    (await exec(limited, REQUEST, input(200), { token: account.accessToken })).expectError('RATE_LIMITED');
  });

  it('does not count a refused request', async () => {
    const account = await member(limited, (await createCommunitySchool(limited.db)).id);
    for (let i = 0; i < 5; i++) (await exec(limited, REQUEST, input(10 * 1024 * 1024 + 1), { token: account.accessToken })).expectError('BAD_USER_INPUT');

    (await exec(limited, REQUEST, input(10), { token: account.accessToken })).expectData();
  });
});
