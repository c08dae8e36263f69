/**
 * The clean-up job (MediaService.purgeUnreachable, run on an interval by createApp): files
 * nobody can reach any more are deleted, with their rows, one grace period after they became
 * unreachable; files in use stay. Run against both drivers' real storage.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestAccount } from '../../helpers/accounts';
import { createBoard, createCommunitySchool, member } from '../../helpers/community';
import { exec } from '../../helpers/graphql';
import { pdfBytes, pngBytes, startS3Server, tempDir, upload, type S3Server } from '../../helpers/media';
import { createProject } from '../../helpers/projects';
import { testConfig } from '../../helpers/test-config';
import { createTestApp, type TestApp } from '../../helpers/test-app';

const GRACE_SECONDS = 3600;
const HOUR = 3600_000;

describe.each([['local'], ['s3']] as const)('the clean-up job (%s driver)', (driver) => {
  let app: TestApp;
  let s3: S3Server | null = null;
  let user: TestAccount;
  let boardId: string;

  beforeAll(async () => {
    s3 = driver === 's3' ? await startS3Server() : null;
    app = await createTestApp(testConfig({ DATA_DIR: await tempDir(), MEDIA_GRACE_SECONDS: String(GRACE_SECONDS), ...(s3?.env ?? {}) }));
    await app.listen();
    const school = await createCommunitySchool(app.db);
    boardId = (await createBoard(app.db, { schoolId: school.id })).id;
    user = await member(app, school.id);
  });

  afterAll(async () => {
    await app.stop();
    await s3?.close();
  });

  /** Runs the job as if `offsetMs` from now. */
  async function purgeAt(offsetMs: number): Promise<number> {
    const media = app.services.media;
    const realNow = media.now;
    media.now = () => new Date(Date.now() + offsetMs);
    try {
      return await media.purgeUnreachable();
    } finally {
      media.now = realNow;
    }
  }

  const exists = async (id: string) => (await app.services.media.storage.size(id)) !== null && (await app.db.upload.findUnique({ where: { id } })) !== null;
  const post = async (imageUploadIds: string[]) =>
    (await exec(app, 'mutation($input: CreatePostInput!) { createPost(input: $input) { id } }', { input: { boardId, title: 't', content: 'c', imageUploadIds } }, { token: user.accessToken })).expectData().createPost.id as string;

  it('deletes unbound uploads, files of deleted posts, projects and accounts, and replaced avatars after the grace period, and keeps files in use', async () => {
    const unbound = await upload(app, user.accessToken, 'POST_IMAGE', 'never.png', 'image/png', pngBytes(1, 1));
    const kept = await upload(app, user.accessToken, 'POST_IMAGE', 'kept.png', 'image/png', pngBytes(1, 1));
    const ofDeletedPost = await upload(app, user.accessToken, 'POST_IMAGE', 'gone.png', 'image/png', pngBytes(1, 1));
    await post([kept]);
    const deletedPost = await post([ofDeletedPost]);
    (await exec(app, 'mutation($id: ID!) { deletePost(id: $id) }', { id: deletedPost }, { token: user.accessToken })).expectData();
    const project = await createProject(app, user.accessToken);
    const attachment = await upload(app, user.accessToken, 'PROJECT_ATTACHMENT', 'a.pdf', 'application/pdf', pdfBytes());
    (await exec(app, 'mutation($p: ID!, $u: ID!) { addProjectAttachment(projectId: $p, uploadId: $u) { id } }', { p: project.id, u: attachment }, { token: user.accessToken })).expectData();
    (await exec(app, 'mutation($id: ID!) { deleteProject(id: $id) }', { id: project.id }, { token: user.accessToken })).expectData();
    const oldAvatar = await upload(app, user.accessToken, 'AVATAR', 'old.png', 'image/png', pngBytes(1, 1));
    const avatar = await upload(app, user.accessToken, 'AVATAR', 'new.png', 'image/png', pngBytes(1, 1));
    for (const id of [oldAvatar, avatar]) {
      (await exec(app, 'mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { id } }', { input: { avatarUploadId: id } }, { token: user.accessToken })).expectData();
    }

    // Within the grace period nothing goes; the deleted project's attachment is noticed.
    await purgeAt(0);
    expect(await Promise.all([unbound, kept, ofDeletedPost, attachment, oldAvatar, avatar].map(exists))).toEqual([true, true, true, true, true, true]);

    const thumbnail = (id: string) => app.services.media.storage.size(`${id}.thumbnail`);
    expect(await thumbnail(ofDeletedPost)).toEqual(expect.any(Number));

    await purgeAt(GRACE_SECONDS * 1000 + HOUR);
    expect(await Promise.all([unbound, kept, ofDeletedPost, oldAvatar, avatar].map(exists))).toEqual([false, true, false, false, true]);
    expect([await thumbnail(ofDeletedPost), await thumbnail(kept)]).toEqual([null, expect.any(Number)]);
    // Noticed at the first run (now), gone one grace period later.
    expect(await exists(attachment)).toBe(false);
  });

  it("deletes a deleted account's avatar after the grace period", async () => {
    const school = await createCommunitySchool(app.db);
    const leaving = await member(app, school.id);
    const avatar = await upload(app, leaving.accessToken, 'AVATAR', 'me.png', 'image/png', pngBytes(1, 1));
    (await exec(app, 'mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { id } }', { input: { avatarUploadId: avatar } }, { token: leaving.accessToken })).expectData();
    (await exec(app, 'mutation($password: String!) { deleteAccount(password: $password) }', { password: leaving.password }, { token: leaving.accessToken })).expectData();

    await purgeAt(0);
    expect(await exists(avatar)).toBe(true);
    await purgeAt(GRACE_SECONDS * 1000 + HOUR);
    expect(await exists(avatar)).toBe(false);
  });
});
