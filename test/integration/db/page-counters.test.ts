/**
 * The counters list pages read (boards.post_count, projects.task_count and done_task_count)
 * follow every kind of write, single or bulk, as the triggers of migration
 * 20261208020000_page_counters keep them: each is compared with a count of the rows.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signUp } from '../../helpers/accounts';
import { createBoard, createCommunitySchool } from '../../helpers/community';
import { createTestApp, type TestApp } from '../../helpers/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.stop());

describe('page counters', () => {
  it('count a board\'s live posts through inserts, soft and hard deletes, restores and moves', async () => {
    const school = await createCommunitySchool(app.db);
    const author = await signUp(app, { schoolId: school.id });
    const [a, b] = [await createBoard(app.db, { schoolId: school.id }), await createBoard(app.db, { schoolId: school.id })];
    const expectCounts = async () => {
      for (const board of [a, b]) {
        const live = await app.db.post.count({ where: { boardId: board.id, deletedAt: null } });
        expect((await app.db.board.findUniqueOrThrow({ where: { id: board.id } })).postCount).toBe(live);
      }
    };
    const ids = Array.from({ length: 6 }, () => randomUUID());
    await app.db.post.createMany({ data: ids.map((id, i) => ({ id, boardId: a.id, authorId: author.id, title: 't', content: 'c', isAnonymous: false, deletedAt: i === 5 ? new Date() : null })) });
    await expectCounts();
    await app.db.post.update({ where: { id: ids[0] }, data: { deletedAt: new Date() } });
    await app.db.post.update({ where: { id: ids[5] }, data: { deletedAt: null } });
    await app.db.post.update({ where: { id: ids[1] }, data: { likeCount: { increment: 1 } } });
    await expectCounts();
    await app.db.post.updateMany({ where: { id: { in: ids.slice(2, 4) } }, data: { boardId: b.id } });
    await expectCounts();
    await app.db.post.deleteMany({ where: { id: { in: [ids[0], ids[2], ids[4]] } } });
    await expectCounts();
    expect((await app.db.board.findUniqueOrThrow({ where: { id: a.id } })).postCount).toBe(2);
  });

  it('count a project\'s tasks and done tasks through inserts, toggles, moves and deletes', async () => {
    const owner = await signUp(app);
    const [p, q] = await Promise.all(['p', 'q'].map((name) => app.db.project.create({ data: { ownerId: owner.id, name: `${name} ${randomUUID()}` } })));
    const expectCounts = async () => {
      for (const project of [p, q]) {
        const [total, done] = [await app.db.task.count({ where: { projectId: project.id } }), await app.db.task.count({ where: { projectId: project.id, done: true } })];
        expect(await app.db.project.findUniqueOrThrow({ where: { id: project.id }, select: { taskCount: true, doneTaskCount: true } })).toEqual({ taskCount: total, doneTaskCount: done });
      }
    };
    const ids = Array.from({ length: 5 }, () => randomUUID());
    await app.db.task.createMany({ data: ids.map((id, i) => ({ id, projectId: p.id, title: `t${i}`, done: i < 2 })) });
    await expectCounts();
    await app.db.task.update({ where: { id: ids[0] }, data: { done: false } });
    await app.db.task.update({ where: { id: ids[4] }, data: { done: true, title: 'renamed' } });
    await app.db.task.update({ where: { id: ids[2] }, data: { title: 'only a title' } });
    await expectCounts();
    await app.db.task.updateMany({ where: { id: { in: [ids[1], ids[3]] } }, data: { projectId: q.id } });
    await expectCounts();
    await app.db.task.delete({ where: { id: ids[4] } });
    await expectCounts();
    expect(await app.db.project.findUniqueOrThrow({ where: { id: p.id }, select: { taskCount: true, doneTaskCount: true } })).toEqual({ taskCount: 2, doneTaskCount: 0 });
    // Deleting a project deletes its tasks (cascade): the trigger's update finds the project gone.
    await app.db.project.delete({ where: { id: q.id } });
    expect(await app.db.task.count({ where: { projectId: q.id } })).toBe(0);
    expect(await app.db.project.findUniqueOrThrow({ where: { id: p.id }, select: { taskCount: true, doneTaskCount: true } })).toEqual({ taskCount: 2, doneTaskCount: 0 });
  });
});
