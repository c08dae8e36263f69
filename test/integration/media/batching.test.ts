/**
 * The SQL budget with media selected: a page's images, its authors' avatars and a page of
 * projects' attachments each cost one statement for the whole page, whatever its length,
 * and their signed URLs cost none. Measured on the resolver path (the fast path does not
 * cover media: a page that selects them takes the resolver path whole).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createBoard, createCommunitySchool, member } from '../../helpers/community';
import { exec } from '../../helpers/graphql';
import { tempDir } from '../../helpers/media';
import { seedProjects } from '../../helpers/projects';
import { testConfig } from '../../helpers/test-config';
import { createTestApp, type TestApp } from '../../helpers/test-app';
import type { TestAccount } from '../../helpers/accounts';

const BOARD_PAGE = (media: boolean) => `query BoardPage($id: ID!, $first: Int!) { board(id: $id) { posts(first: $first) { edges { node {
  id title author { nickname ${media ? 'avatarUrl' : ''} } ${media ? 'images { id url width height contentType byteSize }' : ''} } } } } }`;
const PROJECTS = (media: boolean) => `query Projects($first: Int!) { projects(first: $first) { edges { node {
  id name ${media ? 'attachments(first: 3) { totalCount edges { node { id fileName url byteSize } } }' : ''} } } } }`;

let app: TestApp;
let viewer: TestAccount;
let smallBoard: string;
let bigBoard: string;

/** A bound upload row (the file itself is not needed to sign its URL). */
function boundUpload(ownerId: string, purpose: 'POST_IMAGE' | 'AVATAR' | 'PROJECT_ATTACHMENT', target: { postId?: string; projectId?: string; position?: number }) {
  const now = new Date();
  return { id: randomUUID(), ownerId, purpose, fileName: 'f.png', contentType: 'image/png', byteSize: 10, width: 1, height: 1, uploadExpiresAt: now, boundAt: now, ...target };
}

async function seedPosts(boardId: string, authorIds: string[], count: number): Promise<void> {
  const posts = Array.from({ length: count }, (_, i) => ({ id: randomUUID(), boardId, authorId: authorIds[i % authorIds.length]!, title: `글 ${i}`, content: '본문' }));
  await app.db.post.createMany({ data: posts });
  await app.db.upload.createMany({ data: posts.flatMap((post) => [0, 1].map((position) => boundUpload(post.authorId, 'POST_IMAGE', { postId: post.id, position }))) });
}

beforeAll(async () => {
  app = await createTestApp(testConfig({ DATA_DIR: await tempDir(), AUTH_SESSION_CACHE_MS: '0' }), { fastPath: false });
  const school = await createCommunitySchool(app.db);
  viewer = await member(app, school.id);
  const authors = [viewer.id, ...(await Promise.all([0, 1, 2].map(() => member(app, school.id)))).map((m) => m.id)];
  await app.db.upload.createMany({ data: authors.map((id) => boundUpload(id, 'AVATAR', {})) });
  smallBoard = (await createBoard(app.db, { schoolId: school.id })).id;
  bigBoard = (await createBoard(app.db, { schoolId: school.id })).id;
  await seedPosts(smallBoard, authors, 2);
  await seedPosts(bigBoard, authors, 40);
  const projectIds = await seedProjects(app, viewer.id, 30, 1);
  await app.db.upload.createMany({ data: projectIds.flatMap((projectId) => [0, 1, 2, 3].map(() => boundUpload(viewer.id, 'PROJECT_ATTACHMENT', { projectId }))) });
});

afterAll(async () => {
  await app.stop();
});

describe('media on list pages', () => {
  it('adds one statement for the images and one for the avatars of a board page, whatever its length', async () => {
    const plain = await exec(app, BOARD_PAGE(false), { id: bigBoard, first: 40 }, { token: viewer.accessToken });
    const small = await exec(app, BOARD_PAGE(true), { id: smallBoard, first: 40 }, { token: viewer.accessToken });
    const big = await exec(app, BOARD_PAGE(true), { id: bigBoard, first: 40 }, { token: viewer.accessToken });

    const posts = big.expectData().board.posts.edges;
    expect(posts).toHaveLength(40);
    expect(posts.every((e: { node: { images: unknown[]; author: { avatarUrl: string } } }) => e.node.images.length === 2 && e.node.author.avatarUrl)).toBe(true);
    expect(small.expectData().board.posts.edges).toHaveLength(2);
    expect(big.sqlStatements).toBe(small.sqlStatements);
    expect(big.sqlStatements).toBe(plain.sqlStatements! + 2);
  });

  it('adds two statements (page and count) for the attachments of a page of projects, whatever its length', async () => {
    const plain = await exec(app, PROJECTS(false), { first: 30 }, { token: viewer.accessToken });
    const small = await exec(app, PROJECTS(true), { first: 2 }, { token: viewer.accessToken });
    const big = await exec(app, PROJECTS(true), { first: 30 }, { token: viewer.accessToken });

    const projects = big.expectData().projects.edges;
    expect(projects).toHaveLength(30);
    expect(projects.every((e: { node: { attachments: { totalCount: number; edges: unknown[] } } }) => e.node.attachments.totalCount === 4 && e.node.attachments.edges.length === 3)).toBe(true);
    expect(big.sqlStatements).toBe(small.sqlStatements);
    expect(big.sqlStatements).toBe(plain.sqlStatements! + 2);
  });
});
