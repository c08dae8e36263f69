/**
 * The direct-upload flow end to end, through each storage driver: the local one (this
 * server answers the signed URLs) and S3 (an S3-compatible server in this process, s3rver).
 * Bytes go over real HTTP as a browser sends them (PUT to the presigned URL, then bind, then
 * GET the signed URL); GraphQL runs through the real pipeline.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createBoard, createCommunitySchool, member, staff } from '../../helpers/community';
import { exec } from '../../helpers/graphql';
import { pdfBytes, pngBytes, requestUpload, sendBytes, startS3Server, tempDir, upload, type S3Server } from '../../helpers/media';
import { createProject } from '../../helpers/projects';
import { testConfig } from '../../helpers/test-config';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import type { TestAccount } from '../../helpers/accounts';
import { print } from 'graphql';
import sharp from 'sharp';
import { attachToProject, setAvatar, uploadFile, type Execute } from '../../../client/examples/upload';
import { CreatePostWithImagesDocument } from '../../../client/generated/gql/graphql';

const IMAGE_FIELDS = 'images { id url thumbnailUrl width height contentType byteSize }';
const CREATE_POST = `mutation CreatePost($input: CreatePostInput!) { createPost(input: $input) { id ${IMAGE_FIELDS} } }`;
const UPDATE_POST = `mutation UpdatePost($id: ID!, $input: UpdatePostInput!) { updatePost(id: $id, input: $input) { id ${IMAGE_FIELDS} } }`;
const POST = `query Post($id: ID!) { post(id: $id) { id isBlinded ${IMAGE_FIELDS} } }`;
const ADD_ATTACHMENT = `mutation Add($projectId: ID!, $uploadId: ID!) {
  addProjectAttachment(projectId: $projectId, uploadId: $uploadId) { id fileName url byteSize contentType createdAt } }`;
const REMOVE_ATTACHMENT = 'mutation Remove($id: ID!) { removeProjectAttachment(id: $id) }';
const ATTACHMENTS = `query Attachments($id: ID!, $after: String) { project(id: $id) {
  attachments(first: 1, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id fileName url byteSize contentType } } } } }`;
const UPDATE_PROFILE = 'mutation Profile($input: UpdateProfileInput!) { updateProfile(input: $input) { id avatarUrl } }';

function fieldsOf(error: { extensions?: Record<string, unknown> }): string[] {
  return ((error.extensions?.fields ?? []) as { field: string }[]).map((f) => f.field);
}

describe.each([['local'], ['s3']] as const)('uploads through the %s driver', (driver) => {
  let app: TestApp;
  let s3: S3Server | null = null;
  let boardId: string;
  let alice: TestAccount;
  let bob: TestAccount;

  beforeAll(async () => {
    s3 = driver === 's3' ? await startS3Server() : null;
    app = await createTestApp(testConfig({ DATA_DIR: await tempDir(), ...(s3?.env ?? {}) }));
    await app.listen();
    const school = await createCommunitySchool(app.db);
    boardId = (await createBoard(app.db, { schoolId: school.id })).id;
    alice = await member(app, school.id);
    bob = await member(app, school.id);
  });

  afterAll(async () => {
    await app.stop();
    await s3?.close();
  });

  it('stores a real PNG sent to the presigned URL, binds it to a post, and serves it under a signed URL', async () => {
    const png = pngBytes(3, 2);
    const ticket = await requestUpload(app, alice.accessToken, { purpose: 'POST_IMAGE', fileName: 'cat.png', contentType: 'image/png', byteSize: png.length });
    expect(ticket.method).toBe('PUT');
    expect(ticket.headers).toEqual([{ name: 'content-type', value: 'image/png' }]);
    expect(new Date(ticket.expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect((await sendBytes(ticket, png)).status).toBe(200);

    const created = (await exec(app, CREATE_POST, { input: { boardId, title: '사진', content: '고양이', imageUploadIds: [ticket.uploadId] } }, { token: alice.accessToken })).expectData().createPost;

    expect(created.images).toEqual([{ id: ticket.uploadId, url: expect.any(String), thumbnailUrl: expect.any(String), width: 3, height: 2, contentType: 'image/png', byteSize: png.length }]);
    const read = (await exec(app, POST, { id: created.id }, { token: bob.accessToken })).expectData().post;
    const response = await fetch(read.images[0].url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await response.arrayBuffer()).equals(png)).toBe(true);
  });

  it('makes an upright WebP thumbnail without metadata, at most 320 pixels wide and high', async () => {
    const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#3366cc' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const id = await upload(app, alice.accessToken, 'POST_IMAGE', 'photo.jpg', 'image/jpeg', photo);

    const post = (await exec(app, CREATE_POST, { input: { boardId, title: 'photo', content: 'c', imageUploadIds: [id] } }, { token: alice.accessToken })).expectData().createPost;
    const response = await fetch(post.images[0].thumbnailUrl);
    const thumbnail = await sharp(Buffer.from(await response.arrayBuffer())).metadata();

    expect(post.images[0]).toMatchObject({ width: 600, height: 800, contentType: 'image/jpeg' });
    expect(response.headers.get('content-type')).toBe('image/webp');
    expect({ format: thumbnail.format, width: thumbnail.width, height: thumbnail.height, exif: thumbnail.exif, orientation: thumbnail.orientation }).toEqual({
      format: 'webp', width: 240, height: 320, exif: undefined, orientation: undefined,
    });
  });

  it('attaches a real PDF to a project, lists it for the owner only, and serves it as a download', async () => {
    const pdf = pdfBytes();
    const project = await createProject(app, alice.accessToken);
    const uploadId = await upload(app, alice.accessToken, 'PROJECT_ATTACHMENT', '회의록 (final).pdf', 'application/pdf', pdf);

    const attachment = (await exec(app, ADD_ATTACHMENT, { projectId: project.id, uploadId }, { token: alice.accessToken })).expectData().addProjectAttachment;
    const second = await upload(app, alice.accessToken, 'PROJECT_ATTACHMENT', 'notes.pdf', 'application/pdf', pdfBytes('Second'));
    (await exec(app, ADD_ATTACHMENT, { projectId: project.id, uploadId: second }, { token: alice.accessToken })).expectData();

    expect(attachment).toMatchObject({ id: uploadId, fileName: '회의록 (final).pdf', byteSize: pdf.length, contentType: 'application/pdf' });
    const page = (await exec(app, ATTACHMENTS, { id: project.id }, { token: alice.accessToken })).expectData().project.attachments;
    expect(page.totalCount).toBe(2);
    expect(page.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([uploadId]);
    const next = (await exec(app, ATTACHMENTS, { id: project.id, after: page.pageInfo.endCursor }, { token: alice.accessToken })).expectData().project.attachments;
    expect(next.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([second]);
    const response = await fetch(page.edges[0].node.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toContain("filename*=UTF-8''%ED%9A%8C%EC%9D%98%EB%A1%9D%20%28final%29.pdf");
    expect(Buffer.from(await response.arrayBuffer()).equals(pdf)).toBe(true);
  });

  it('sets, replaces and removes an avatar', async () => {
    const first = await upload(app, bob.accessToken, 'AVATAR', 'me.png', 'image/png', pngBytes(4, 4));
    const second = await upload(app, bob.accessToken, 'AVATAR', 'me2.png', 'image/png', pngBytes(5, 5));

    const set = (await exec(app, UPDATE_PROFILE, { input: { avatarUploadId: first } }, { token: bob.accessToken })).expectData().updateProfile;
    const replaced = (await exec(app, UPDATE_PROFILE, { input: { avatarUploadId: second } }, { token: bob.accessToken })).expectData().updateProfile;
    const image = await fetch(replaced.avatarUrl);
    const removed = (await exec(app, UPDATE_PROFILE, { input: { avatarUploadId: null } }, { token: bob.accessToken })).expectData().updateProfile;

    expect(set.avatarUrl).toEqual(expect.any(String));
    expect(image.status).toBe(200);
    expect(Buffer.from(await image.arrayBuffer()).equals(pngBytes(5, 5))).toBe(true);
    expect(removed.avatarUrl).toBeNull();
    const rows = await app.db.upload.findMany({ where: { id: { in: [first, second] } }, orderBy: { createdAt: 'asc' } });
    expect(rows.every((row) => row.detachedAt !== null)).toBe(true);
  });

  it('replaces the images of a post on updatePost, keeping the ones listed again', async () => {
    const a = await upload(app, alice.accessToken, 'POST_IMAGE', 'a.png', 'image/png', pngBytes(1, 1));
    const b = await upload(app, alice.accessToken, 'POST_IMAGE', 'b.png', 'image/png', pngBytes(2, 2));
    const post = (await exec(app, CREATE_POST, { input: { boardId, title: 't', content: 'c', imageUploadIds: [a] } }, { token: alice.accessToken })).expectData().createPost;

    const updated = (await exec(app, UPDATE_POST, { id: post.id, input: { imageUploadIds: [b, a] } }, { token: alice.accessToken })).expectData().updatePost;
    const cleared = (await exec(app, UPDATE_POST, { id: post.id, input: { imageUploadIds: [] } }, { token: alice.accessToken })).expectData().updatePost;

    expect(updated.images.map((i: { id: string }) => i.id)).toEqual([b, a]);
    expect(cleared.images).toEqual([]);
  });

  it('hides the URLs of a blinded post from members, not from STAFF', async () => {
    const id = await upload(app, alice.accessToken, 'POST_IMAGE', 'x.png', 'image/png', pngBytes(1, 1));
    const post = (await exec(app, CREATE_POST, { input: { boardId, title: 't', content: 'c', imageUploadIds: [id] } }, { token: alice.accessToken })).expectData().createPost;
    await app.db.post.update({ where: { id: post.id }, data: { blindedAt: new Date() } });
    const moderator = await staff(app);

    const seenByMember = (await exec(app, POST, { id: post.id }, { token: bob.accessToken })).expectData().post;
    const seenByStaff = (await exec(app, POST, { id: post.id }, { token: moderator.accessToken })).expectData().post;

    expect(seenByMember.images).toEqual([expect.objectContaining({ id, url: null, thumbnailUrl: null })]);
    expect(seenByStaff.images).toEqual([expect.objectContaining({ id, url: expect.any(String), thumbnailUrl: expect.any(String) })]);
  });

  it('runs the three steps through the typed client helper (client/examples/upload.ts)', async () => {
    const execute: Execute = async (document, variables) => (await exec(app, print(document), variables, { token: alice.accessToken })).expectData() as never;
    const png = pngBytes(6, 4);
    const pdf = pdfBytes();
    const project = await createProject(app, alice.accessToken);

    const imageId = await uploadFile(execute, { name: 'a.png', type: 'image/png', size: png.length, body: png }, 'POST_IMAGE');
    const post = await execute(CreatePostWithImagesDocument, { input: { boardId, title: 'helper', content: 'c', imageUploadIds: [imageId] } });
    const attachment = await attachToProject(execute, project.id, { name: 'a.pdf', type: 'application/pdf', size: pdf.length, body: pdf });
    const profile = await setAvatar(execute, { name: 'me.png', type: 'image/png', size: png.length, body: png });

    expect(post.createPost.images).toEqual([expect.objectContaining({ id: imageId, width: 6, height: 4 })]);
    expect(attachment).toMatchObject({ fileName: 'a.pdf', contentType: 'application/pdf', byteSize: pdf.length });
    expect((await fetch(profile.avatarUrl!)).status).toBe(200);
  });

  describe('refusals', () => {
    it('refuses a type the purpose does not allow, before any upload exists', async () => {
      const before = await app.db.upload.count({ where: { ownerId: alice.id } });

      const result = await exec(app, 'mutation($input: RequestUploadInput!) { requestUpload(input: $input) { uploadId } }', {
        input: { purpose: 'POST_IMAGE', fileName: 'doc.pdf', contentType: 'application/pdf', byteSize: 100 },
      }, { token: alice.accessToken });

      expect(fieldsOf(result.expectError('BAD_USER_INPUT'))).toEqual(['contentType']);
      expect(await app.db.upload.count({ where: { ownerId: alice.id } })).toBe(before);
    });

    it('refuses a size over the limit, naming byteSize', async () => {
      const result = await exec(app, 'mutation($input: RequestUploadInput!) { requestUpload(input: $input) { uploadId } }', {
        input: { purpose: 'POST_IMAGE', fileName: 'big.png', contentType: 'image/png', byteSize: 10 * 1024 * 1024 + 1 },
      }, { token: alice.accessToken });

      expect(fieldsOf(result.expectError('BAD_USER_INPUT'))).toEqual(['byteSize']);
    });

    it('refuses a file whose bytes are not the declared type, deletes it, and creates no post', async () => {
      const pdf = pdfBytes();
      const id = await upload(app, alice.accessToken, 'POST_IMAGE', 'fake.png', 'image/png', pdf);
      const posts = await app.db.post.count({ where: { authorId: alice.id } });

      const result = await exec(app, CREATE_POST, { input: { boardId, title: 't', content: 'c', imageUploadIds: [id] } }, { token: alice.accessToken });

      expect(fieldsOf(result.expectError('BAD_USER_INPUT'))).toEqual(['imageUploadIds']);
      expect(await app.services.media.storage.size(id)).toBeNull();
      expect(await app.db.upload.findUnique({ where: { id } })).toBeNull();
      expect(await app.db.post.count({ where: { authorId: alice.id } })).toBe(posts);
    });

    it('refuses an upload whose file was never sent', async () => {
      const ticket = await requestUpload(app, alice.accessToken, { purpose: 'POST_IMAGE', fileName: 'x.png', contentType: 'image/png', byteSize: 10 });

      const result = await exec(app, CREATE_POST, { input: { boardId, title: 't', content: 'c', imageUploadIds: [ticket.uploadId] } }, { token: alice.accessToken });

      expect(fieldsOf(result.expectError('BAD_USER_INPUT'))).toEqual(['imageUploadIds']);
    });

    it('refuses an upload URL once it has expired', async () => {
      const media = app.services.media;
      const realNow = media.now;
      // Issued "earlier", so that it expires one second from now.
      media.now = () => new Date(Date.now() - (app.config.media.uploadUrlTtlSeconds - 1) * 1000);
      const png = pngBytes(1, 1);
      const ticket = await requestUpload(app, alice.accessToken, { purpose: 'POST_IMAGE', fileName: 'late.png', contentType: 'image/png', byteSize: png.length }).finally(() => {
        media.now = realNow;
      });
      await new Promise((resolve) => setTimeout(resolve, 2100));

      const response = await sendBytes(ticket, png);

      expect(response.status).toBe(403);
      expect(await media.storage.size(ticket.uploadId)).toBeNull();
    });

    it("refuses another user's upload id, as if it did not exist", async () => {
      const bobs = await upload(app, bob.accessToken, 'POST_IMAGE', 'bob.png', 'image/png', pngBytes(1, 1));

      const result = await exec(app, CREATE_POST, { input: { boardId, title: 't', content: 'c', imageUploadIds: [bobs] } }, { token: alice.accessToken });
      const unknown = await exec(app, CREATE_POST, { input: { boardId, title: 't', content: 'c', imageUploadIds: ['00000000-0000-4000-8000-000000000000'] } }, { token: alice.accessToken });

      expect(fieldsOf(result.expectError('BAD_USER_INPUT'))).toEqual(['imageUploadIds']);
      expect(result.errors![0].message).toBe(unknown.errors![0].message);
      expect((await app.db.upload.findUniqueOrThrow({ where: { id: bobs } })).boundAt).toBeNull();
    });

    it('refuses an upload of another purpose and one already used', async () => {
      const avatar = await upload(app, alice.accessToken, 'AVATAR', 'a.png', 'image/png', pngBytes(1, 1));
      const image = await upload(app, alice.accessToken, 'POST_IMAGE', 'i.png', 'image/png', pngBytes(1, 1));
      (await exec(app, CREATE_POST, { input: { boardId, title: 't', content: 'c', imageUploadIds: [image] } }, { token: alice.accessToken })).expectData();

      const wrongPurpose = await exec(app, CREATE_POST, { input: { boardId, title: 't', content: 'c', imageUploadIds: [avatar] } }, { token: alice.accessToken });
      const reused = await exec(app, CREATE_POST, { input: { boardId, title: 't', content: 'c', imageUploadIds: [image] } }, { token: alice.accessToken });

      expect(fieldsOf(wrongPurpose.expectError('BAD_USER_INPUT'))).toEqual(['imageUploadIds']);
      expect(fieldsOf(reused.expectError('BAD_USER_INPUT'))).toEqual(['imageUploadIds']);
    });

    it("keeps someone else's attachments out of reach", async () => {
      const project = await createProject(app, alice.accessToken);
      const uploadId = await upload(app, alice.accessToken, 'PROJECT_ATTACHMENT', 'secret.pdf', 'application/pdf', pdfBytes());
      (await exec(app, ADD_ATTACHMENT, { projectId: project.id, uploadId }, { token: alice.accessToken })).expectData();
      const bobsUpload = await upload(app, bob.accessToken, 'PROJECT_ATTACHMENT', 'mine.pdf', 'application/pdf', pdfBytes());
      const bobsProject = await createProject(app, bob.accessToken);

      (await exec(app, ATTACHMENTS, { id: project.id }, { token: bob.accessToken })).expectError('NOT_FOUND');
      (await exec(app, REMOVE_ATTACHMENT, { id: uploadId }, { token: bob.accessToken })).expectError('NOT_FOUND');
      (await exec(app, ADD_ATTACHMENT, { projectId: project.id, uploadId: bobsUpload }, { token: bob.accessToken })).expectError('NOT_FOUND');
      const stolen = await exec(app, ADD_ATTACHMENT, { projectId: bobsProject.id, uploadId }, { token: bob.accessToken });

      expect(fieldsOf(stolen.expectError('BAD_USER_INPUT'))).toEqual(['uploadId']);
      const still = (await exec(app, ATTACHMENTS, { id: project.id }, { token: alice.accessToken })).expectData().project.attachments;
      expect(still.totalCount).toBe(1);
    });

    it('removes an attachment for its owner', async () => {
      const project = await createProject(app, alice.accessToken);
      const uploadId = await upload(app, alice.accessToken, 'PROJECT_ATTACHMENT', 'old.pdf', 'application/pdf', pdfBytes());
      (await exec(app, ADD_ATTACHMENT, { projectId: project.id, uploadId }, { token: alice.accessToken })).expectData();

      expect((await exec(app, REMOVE_ATTACHMENT, { id: uploadId }, { token: alice.accessToken })).expectData().removeProjectAttachment).toBe(true);

      const page = (await exec(app, ATTACHMENTS, { id: project.id }, { token: alice.accessToken })).expectData().project.attachments;
      expect(page.totalCount).toBe(0);
    });
  });
});
