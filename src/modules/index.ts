/**
 * The feature modules, wired in one place: their resolvers, their services (built once per
 * app) and their loaders (built once per request, because some are viewer-scoped).
 */
import type { Mailer } from '../auth/mailer';
import type { PasswordHasher } from '../auth/passwords';
import type { SessionAccessTokenVerifier } from '../auth/session-verifier';
import type { Throttle } from '../auth/throttle';
import type { AccessTokens } from '../auth/tokens';
import type { Config } from '../config';
import { Registry } from '../container';
import type { Db } from '../db/prisma';
import type { JobHandler, JobQueue } from '../jobs/job-queue';
import type { Outbox } from '../realtime/outbox';
import type { Logger } from '../shared/logger';
import { AccountResolver } from './account/account.resolver';
import { AccountService } from './account/account.service';
import { SessionService } from './account/session.service';
import { UserResolver } from './account/user.resolver';
import { UserService } from './account/user.service';
import { MailTask } from './account/mail-jobs';
import { VerificationResolver } from './account/verification.resolver';
import { VerificationService } from './account/verification.service';
import { BoardResolver } from './community/board.resolver';
import { BoardService } from './community/board.service';
import { CommentResolver, PostCommentsResolver } from './community/comment.resolver';
import { CommentService } from './community/comment.service';
import { BoardPostsResolver, PostResolver } from './community/post.resolver';
import { PostService } from './community/post.service';
import { ReportResolver } from './community/report.resolver';
import { ReportService } from './community/report.service';
import { PostImagesResolver, ProjectAttachmentsResolver, UploadResolver, UserAvatarResolver } from './media/media.resolver';
import { MediaService } from './media/media.service';
import type { ObjectStorage } from './media/storage/object-storage';
import { ConversationResolver, MessageResolver } from './message/message.resolver';
import { MessageService } from './message/message.service';
import { ModerationItemResolver, ModerationResolver } from './moderation/moderation.resolver';
import { ModerationService } from './moderation/moderation.service';
import { SuspensionService } from './moderation/suspension.service';
import { NotificationResolver } from './notification/notification.resolver';
import { NotificationService } from './notification/notification.service';
import { Calendar } from './project/calendar';
import { ProjectResolver } from './project/project.resolver';
import { ProjectService } from './project/project.service';
import { TaskResolver } from './project/task.resolver';
import { TaskService } from './project/task.service';
import { SchoolResolver } from './school/school.resolver';
import { SchoolService } from './school/school.service';
import { createTimetableServices, timetableResolverInstances, timetableResolvers } from './timetable';

export const resolvers = [SchoolResolver, AccountResolver, VerificationResolver, UserResolver, BoardResolver, PostResolver, BoardPostsResolver, CommentResolver, PostCommentsResolver, ReportResolver, ModerationResolver, ModerationItemResolver, ConversationResolver, MessageResolver, NotificationResolver, ProjectResolver, TaskResolver, UploadResolver, PostImagesResolver, ProjectAttachmentsResolver, UserAvatarResolver, ...timetableResolvers] as const;

/** Long-lived collaborators the services need, built by createApp. */
export interface Infrastructure {
  passwords: PasswordHasher;
  throttle: Throttle;
  mailer: Mailer;
  accessTokens: AccessTokens;
  verifier: SessionAccessTokenVerifier;
  storage: ObjectStorage;
  logger: Logger;
  jobs: JobQueue;
  /** Realtime events written with the changes that cause them (src/realtime/outbox.ts). */
  outbox: Outbox;
}

export type Services = ReturnType<typeof createServices>;

export function createServices(db: Db, config: Config, infra: Infrastructure) {
  const session = new SessionService(db, infra.accessTokens, infra.verifier, config.auth);
  const board = new BoardService(db);
  const notification = new NotificationService(db);
  const calendar = new Calendar(config.projects.defaultTimeZone);
  const project = new ProjectService(db, config.projects, calendar);
  const verification = new VerificationService(db, infra.jobs, infra.mailer, infra.throttle, config.auth, infra.verifier);
  const media = new MediaService(db, infra.storage, config.media, infra.throttle, project, infra.logger);
  const post = new PostService(db, board, config.community, infra.throttle, media, notification, infra.outbox);
  const comment = new CommentService(db, post, config.community, infra.throttle, notification, infra.outbox);
  const report = new ReportService(db, post, comment, config.community);
  return {
    school: new SchoolService(db),
    board,
    post,
    comment,
    report,
    moderation: new ModerationService(db, report),
    suspension: new SuspensionService(db, session, infra.verifier),
    message: new MessageService(db, infra.throttle, notification, infra.outbox),
    notification,
    user: new UserService(db, infra.verifier, media),
    session,
    verification,
    account: new AccountService(db, session, infra.passwords, infra.throttle, infra.mailer, config.auth, infra.jobs, verification),
    calendar,
    project,
    task: new TaskService(db, config.projects, calendar, project),
    media,
    timetable: createTimetableServices(db, config.community),
  };
}

export function createResolverRegistry(services: Services): Registry {
  const registry = new Registry()
    .set(SchoolResolver, new SchoolResolver(services.school))
    .set(AccountResolver, new AccountResolver(services.account, services.session))
    .set(VerificationResolver, new VerificationResolver(services.verification))
    .set(UserResolver, new UserResolver(services.user))
    .set(BoardResolver, new BoardResolver(services.board))
    .set(PostResolver, new PostResolver(services.post))
    .set(BoardPostsResolver, new BoardPostsResolver(services.post))
    .set(CommentResolver, new CommentResolver(services.comment))
    .set(PostCommentsResolver, new PostCommentsResolver(services.comment))
    .set(ReportResolver, new ReportResolver(services.report))
    .set(ModerationResolver, new ModerationResolver(services.moderation, services.suspension))
    .set(ModerationItemResolver, new ModerationItemResolver())
    .set(ConversationResolver, new ConversationResolver(services.message))
    .set(MessageResolver, new MessageResolver(services.message))
    .set(NotificationResolver, new NotificationResolver(services.notification))
    .set(ProjectResolver, new ProjectResolver(services.project, services.task))
    .set(TaskResolver, new TaskResolver(services.task))
    .set(UploadResolver, new UploadResolver(services.media))
    .set(PostImagesResolver, new PostImagesResolver(services.media))
    .set(ProjectAttachmentsResolver, new ProjectAttachmentsResolver(services.media))
    .set(UserAvatarResolver, new UserAvatarResolver(services.media));
  for (const [type, instance] of timetableResolverInstances(services.timetable)) registry.set(type as new () => object, instance);
  return registry;
}

export { createLoaders, type Loaders } from './loaders';

/** The job queue's tasks (src/jobs/): each mail job's handler. */
export function jobHandlers(services: Services): Record<string, JobHandler> {
  return {
    [MailTask.EMAIL_VERIFICATION]: (payload) => services.verification.deliverEmailVerification(payload),
    [MailTask.SCHOOL_VERIFICATION]: (payload) => services.verification.deliverSchoolVerification(payload),
    [MailTask.PASSWORD_RESET]: (payload) => services.account.deliverPasswordReset(payload),
  };
}
