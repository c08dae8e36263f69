import type { Viewer } from '../../auth/viewer';
import type { Db } from '../../db/prisma';
import type { Notification as DbNotification, Prisma } from '../../generated/prisma/client';
import type { OutboxEntry } from '../../realtime/outbox';
import type { UserLoaders } from '../account/user.loaders';
import { displayName } from '../community/anonymity';
import { UserInputError } from '../../shared/errors';
import { decodeCursor, pageSize, toPage, type Page } from '../../shared/pagination';
import type { MarkNotificationsReadInput, NotificationsArgs } from './notification.inputs';
import type { NotificationKind } from './notification.types';

type Tx = Prisma.TransactionClient;

/** A notification to write, for `userId`, caused by `actorId` (null for HOT_POST). */
export interface NotificationDraft {
  userId: string;
  kind: NotificationKind;
  actorId: string | null;
  /** The actor's anonymity label when they acted anonymously; null shows their nickname. */
  actorName?: string | null;
  postId?: string | null;
  commentId?: string | null;
  conversationId?: string | null;
  /** For once-only notifications: a second draft with the same key is skipped. */
  dedupeKey?: string | null;
}

function decodeNotificationCursor(after: string): { at: Date; id: string } {
  const [at, id] = decodeCursor(after, ['timestamp', 'text']);
  return { at, id };
}

/**
 * The viewer's notifications. They are written by the services of the events that cause
 * them, inside those events' transactions (`createInTx`), and announced through the outbox
 * after commit. Every read and write here is scoped to the viewer's own rows.
 */
export class NotificationService {
  constructor(private readonly db: Db) {}

  /**
   * Who caused `notification`, named as the viewer sees them elsewhere: the anonymity label
   * stored with it when they acted anonymously, else their display name (batched through
   * the request's user loader); null when nobody caused it (HOT_POST).
   */
  async actorDisplayName(notification: Pick<DbNotification, 'actorId' | 'actorName'>, users: UserLoaders): Promise<string | null> {
    if (notification.actorName) return notification.actorName;
    return notification.actorId ? displayName(await users.userById.load(notification.actorId)) : null;
  }

  /**
   * Writes notifications in the caller's transaction (one statement) and returns the outbox
   * entries announcing them. Drafts addressed to their own actor are dropped.
   */
  async createInTx(tx: Tx, drafts: NotificationDraft[]): Promise<OutboxEntry[]> {
    const data = drafts
      .filter((draft) => draft.userId !== draft.actorId)
      .map((draft) => ({
        userId: draft.userId,
        kind: draft.kind,
        actorId: draft.actorId,
        actorName: draft.actorName ?? null,
        postId: draft.postId ?? null,
        commentId: draft.commentId ?? null,
        conversationId: draft.conversationId ?? null,
        dedupeKey: draft.dedupeKey ?? null,
      }));
    if (data.length === 0) return [];
    const rows = await tx.notification.createManyAndReturn({ data, skipDuplicates: true, select: { id: true, userId: true } });
    return rows.map((row) => ({ topic: 'notification.added' as const, payload: { notificationId: row.id, userId: row.userId } }));
  }

  /** The viewer's notifications, newest first. @throws UserInputError (cursor) */
  async list(viewer: Viewer, args: NotificationsArgs): Promise<Page<DbNotification>> {
    const first = pageSize(args);
    const after = args.after ? decodeNotificationCursor(args.after) : null;
    const mine: Prisma.NotificationWhereInput = { userId: viewer.id, ...(args.unreadOnly ? { readAt: null } : {}) };
    const rows = await this.db.notification.findMany({
      where: after ? { AND: [mine, { OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] }] } : mine,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: first + 1,
    });
    return toPage(rows, first, (n) => [n.createdAt.toISOString(), n.id], () => this.db.notification.count({ where: mine }));
  }

  unreadCount(viewer: Viewer): Promise<number> {
    return this.db.notification.count({ where: { userId: viewer.id, readAt: null } });
  }

  /**
   * Marks the named notifications (or all) of the viewer read; others' ids and unknown ids
   * are ignored. @returns the viewer's unread count afterwards.
   * @throws UserInputError unless exactly one of `ids` and `all: true` is given
   */
  async markRead(viewer: Viewer, input: MarkNotificationsReadInput): Promise<number> {
    const hasIds = Array.isArray(input.ids);
    if (hasIds === Boolean(input.all)) throw UserInputError.field('ids', 'give either ids or all: true');
    const which = input.all ? {} : { id: { in: input.ids ?? [] } };
    await this.db.notification.updateMany({ where: { userId: viewer.id, readAt: null, ...which }, data: { readAt: new Date() } });
    return this.unreadCount(viewer);
  }

  /** One notification of the viewer, or null (someone else's, or gone). */
  getOwn(viewer: Viewer, id: string): Promise<DbNotification | null> {
    return this.db.notification.findFirst({ where: { id, userId: viewer.id } });
  }
}
