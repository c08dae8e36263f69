import type { Viewer } from '../../auth/viewer';
import type { Db } from '../../db/prisma';
import { NotFoundError } from '../../shared/errors';
import { pageSize, toPage, type Page } from '../../shared/pagination';
import type { ReportService } from '../community/report.service';
import type { ModerationQueueArgs } from './moderation.inputs';
import { queueCount, queueCursor, queuePage, type QueueFilter } from './moderation.sql';
import type { ModerationItemRow } from './moderation.types';

/**
 * The STAFF moderation queue and its one action, dismissing reports. Every method is for
 * STAFF: the resolvers carry `@Authorized(Role.STAFF)`, so the viewer's role is checked
 * before any of them runs. STAFF see every school, so nothing is filtered by membership.
 */
export class ModerationService {
  constructor(
    private readonly db: Db,
    private readonly reports: ReportService,
  ) {}

  /**
   * Reported and blinded posts and comments with their pending reports, the most recently
   * reported first. @throws UserInputError (cursor)
   */
  async queue(_viewer: Viewer, args: ModerationQueueArgs): Promise<Page<ModerationItemRow>> {
    const first = pageSize(args);
    const filter: QueueFilter = { kind: args.filter?.kind ?? null, state: args.filter?.state ?? null };
    const rows = await queuePage(this.db, filter, first, args.after);
    return toPage(rows, first, queueCursor, () => queueCount(this.db, filter));
  }

  /**
   * Dismisses the pending reports of a post or comment (by its id) and shows it again if they
   * had blinded it (see ReportService). Idempotent: nothing pending answers 0.
   * @returns how many reports were dismissed. @throws NotFoundError (no live post or comment has this id)
   */
  async dismissReports(_viewer: Viewer, id: string): Promise<number> {
    const post = await this.db.post.findFirst({ where: { id, deletedAt: null }, select: { id: true } });
    if (post) return (await this.reports.dismissPostReports(post.id)).dismissed;
    const comment = await this.db.comment.findFirst({ where: { id, deletedAt: null }, select: { id: true } });
    if (comment) return (await this.reports.dismissCommentReports(comment.id)).dismissed;
    throw new NotFoundError('Post or comment');
  }
}
