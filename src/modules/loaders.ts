/**
 * The per-request DataLoaders of every module, built by `createContext` for each request
 * (they cache per request, and some are scoped to the viewer). A leaf of the import graph:
 * loaders read data and import no resolver, service or the context.
 */
import type { Viewer } from '../auth/viewer';
import type { Db } from '../db/prisma';
import { createUserLoaders } from './account/user.loaders';
import { createBoardLoaders } from './community/board.loaders';
import { createCommentLoaders } from './community/comment.loaders';
import { createPostLoaders } from './community/post.loaders';
import { createMediaLoaders } from './media/media.loaders';
import { createMessageLoaders } from './message/message.loaders';
import { createNotificationLoaders } from './notification/notification.loaders';
import { createProjectLoaders } from './project/project.loaders';
import { createSchoolLoaders } from './school/school.loaders';
import { createTimetableLoaders } from './timetable/timetable.loaders';

export type Loaders = ReturnType<typeof createLoaders>;

export function createLoaders(db: Db, viewer: Viewer | null) {
  const user = createUserLoaders(db);
  return {
    school: createSchoolLoaders(db),
    user,
    post: createPostLoaders(db, viewer, user.userById),
    comment: createCommentLoaders(db, viewer, user.userById),
    board: createBoardLoaders(db, viewer),
    message: createMessageLoaders(db, viewer),
    notification: createNotificationLoaders(db, viewer),
    project: createProjectLoaders(db, viewer, user.userById),
    timetable: createTimetableLoaders(db, viewer),
    media: createMediaLoaders(db),
  };
}
