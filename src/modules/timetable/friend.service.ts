import type { Viewer } from '../../auth/viewer';
import type { Db } from '../../db/prisma';
import type { Friendship as DbFriendship, Timetable as DbTimetable, User as DbUser } from '../../generated/prisma/client';
import { NotFoundError, UserInputError } from '../../shared/errors';
import { pageSize, toPage, type ConnectionArgs, type Page } from '../../shared/pagination';
import { friendCount, friendCursor, friendPage, requestCount, requestPage, type FriendRow } from './friend.sql';
import { FriendshipStatus, type FriendRequestDirection } from './friend.types';
import { checkSemester } from './lecture.service';
import type { TimetableLoaders } from './timetable.loaders';
import { areSchoolmates } from './timetable.policy';

/** The unique key of the pair's row. */
function pairKey(a: string, b: string): { userLowId: string; userHighId: string } {
  return a < b ? { userLowId: a, userHighId: b } : { userLowId: b, userHighId: a };
}

/** What a friend mutation answers: the other user and where the two stand. */
export interface FriendshipView {
  id: string;
  user: DbUser;
  status: FriendshipStatus;
  createdAt: Date;
}

function viewOf(row: DbFriendship, viewer: Viewer, user: DbUser): FriendshipView {
  const status = row.state === 'ACCEPTED' ? FriendshipStatus.FRIENDS : row.requesterId === viewer.id ? FriendshipStatus.REQUEST_SENT : FriendshipStatus.REQUEST_RECEIVED;
  return { id: user.id, user, status, createdAt: row.createdAt };
}

/**
 * Friends: requests, friendships and blocks between members of the same school. Every
 * mutation is idempotent and race-free: a pair has one row (its primary key), requests in
 * both directions meet on it (the second sender accepts), and state changes are conditional
 * single statements.
 *
 * Blocking hides: the blocked user cannot send the blocker a request or a message (the
 * blocker is then NOT_FOUND to them, as a stranger is), the blocker's incoming requests from
 * them are not listed, and blocking ends any friendship or request between the two.
 */
export class FriendService {
  constructor(private readonly db: Db) {}

  /**
   * Sends a request, or accepts the other's pending one. Repeating it changes nothing.
   * @throws UserInputError (neither or both of userId/username, oneself, a user the viewer blocked),
   *   NotFoundError (unknown user, not a member of the viewer's school, or one who blocked the viewer)
   */
  async send(viewer: Viewer, target: { userId?: string | null; username?: string | null }): Promise<FriendshipView> {
    const other = await this.findTarget(viewer, target);
    if (await this.hasBlocked(viewer.id, other.id)) throw UserInputError.field('userId', 'is a user you blocked; unblock them first');
    const key = pairKey(viewer.id, other.id);
    await this.db.friendship.createMany({ data: [{ ...key, requesterId: viewer.id, state: 'PENDING' }], skipDuplicates: true });
    // The other had asked first: this request accepts theirs (a no-op once accepted).
    await this.db.friendship.updateMany({ where: { ...key, requesterId: other.id, state: 'PENDING' }, data: { state: 'ACCEPTED', acceptedAt: new Date() } });
    const row = await this.db.friendship.findUniqueOrThrow({ where: { userLowId_userHighId: key } });
    return viewOf(row, viewer, other);
  }

  /**
   * Accepts a pending request from `userId`; idempotent once friends.
   * @throws NotFoundError (no such request, or one from a user the viewer blocked)
   */
  async accept(viewer: Viewer, userId: string): Promise<FriendshipView> {
    if (userId === viewer.id) throw new NotFoundError('Friend request');
    const key = pairKey(viewer.id, userId);
    const blocked = await this.hasBlocked(viewer.id, userId);
    if (!blocked) await this.db.friendship.updateMany({ where: { ...key, requesterId: userId, state: 'PENDING' }, data: { state: 'ACCEPTED', acceptedAt: new Date() } });
    const row = blocked ? null : await this.db.friendship.findUnique({ where: { userLowId_userHighId: key }, include: { low: true, high: true } });
    if (!row || (row.state === 'PENDING' && row.requesterId === viewer.id)) throw new NotFoundError('Friend request');
    return viewOf(row, viewer, row.userLowId === viewer.id ? row.high : row.low);
  }

  /** Declines a pending request from `userId`. Idempotent: true whether or not one was pending. */
  async decline(viewer: Viewer, userId: string): Promise<boolean> {
    await this.db.friendship.deleteMany({ where: { ...pairKey(viewer.id, userId), requesterId: userId, state: 'PENDING' } });
    return true;
  }

  /** Ends a friendship with `userId`, or withdraws the viewer's pending request. Idempotent. */
  async remove(viewer: Viewer, userId: string): Promise<boolean> {
    const key = pairKey(viewer.id, userId);
    await this.db.friendship.deleteMany({ where: { ...key, OR: [{ state: 'ACCEPTED' }, { requesterId: viewer.id }] } });
    return true;
  }

  /**
   * Blocks a user (idempotent): ends any friendship or request between the two.
   * @throws UserInputError (oneself), NotFoundError (no such live account)
   */
  async block(viewer: Viewer, userId: string): Promise<boolean> {
    if (userId === viewer.id) throw UserInputError.field('userId', 'cannot be yourself');
    const user = await this.db.user.findFirst({ where: { id: userId, deletedAt: null }, select: { id: true } });
    if (!user) throw new NotFoundError('User');
    await this.db.$transaction([
      this.db.userBlock.createMany({ data: [{ blockerId: viewer.id, blockedId: user.id }], skipDuplicates: true }),
      this.db.friendship.deleteMany({ where: pairKey(viewer.id, user.id) }),
    ]);
    return true;
  }

  /** Unblocks a user (idempotent). */
  async unblock(viewer: Viewer, userId: string): Promise<boolean> {
    await this.db.userBlock.deleteMany({ where: { blockerId: viewer.id, blockedId: userId } });
    return true;
  }

  /** The viewer's friends, most recent friendship first. */
  async listFriends(viewer: Viewer, args: ConnectionArgs): Promise<Page<FriendRow & { id: string; since: Date }>> {
    const first = pageSize(args);
    const rows = await friendPage(this.db, viewer.id, first, args.after ?? null);
    return toPage(rows, first, friendCursor, () => friendCount(this.db, viewer.id), (row) => ({ ...row, id: row.otherId, since: row.at }));
  }

  /** Pending requests to or from the viewer, newest first. */
  async listRequests(viewer: Viewer, direction: FriendRequestDirection, args: ConnectionArgs): Promise<Page<FriendRow & { id: string; direction: FriendRequestDirection; createdAt: Date }>> {
    const first = pageSize(args);
    const rows = await requestPage(this.db, viewer.id, direction, first, args.after ?? null);
    return toPage(rows, first, friendCursor, () => requestCount(this.db, viewer.id, direction), (row) => ({ ...row, id: row.otherId, direction, createdAt: row.at }));
  }

  /**
   * A friend's primary timetable of a semester when shared with friends, else null; batched
   * across the friends of a page. `friendId` must come from the viewer's friend list.
   * @throws UserInputError (semester)
   */
  sharedPrimaryTimetable(friendId: string, semesterText: string, loaders: TimetableLoaders): Promise<DbTimetable | null> {
    return loaders.sharedPrimaryTimetable(checkSemester('semester', semesterText)).load(friendId);
  }

  /** Whether the viewer and `userId` are friends. */
  async areFriends(viewer: Viewer, userId: string): Promise<boolean> {
    if (userId === viewer.id) return false;
    const row = await this.db.friendship.findUnique({ where: { userLowId_userHighId: pairKey(viewer.id, userId) }, select: { state: true } });
    return row?.state === 'ACCEPTED';
  }

  /** Whether `blockerId` has blocked `blockedId`. */
  hasBlocked(blockerId: string, blockedId: string): Promise<boolean> {
    return this.db.userBlock.count({ where: { blockerId, blockedId } }).then((n) => n > 0);
  }

  /** The live schoolmate named by id or username who has not blocked the viewer. */
  private async findTarget(viewer: Viewer, target: { userId?: string | null; username?: string | null }): Promise<DbUser> {
    const byId = target.userId?.trim();
    const byName = target.username?.trim().toLowerCase();
    if (!byId === !byName) throw UserInputError.field('userId', 'give exactly one of userId and username');
    if (byId === viewer.id) throw UserInputError.field('userId', 'cannot be yourself');
    const other = await this.db.user.findFirst({ where: byId ? { id: byId } : { usernameKey: byName } });
    if (other?.id === viewer.id) throw UserInputError.field('username', 'cannot be yourself');
    if (!other || !areSchoolmates(viewer, other) || (await this.hasBlocked(other.id, viewer.id))) throw new NotFoundError('User');
    return other;
  }
}
