import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { User as DbUser } from '../../generated/prisma/client';
import { ConnectionType } from '../../shared/pagination';
import { DateTimeScalar } from '../../shared/scalars';
import { User } from '../account/account.types';
import { activeSuspension } from '../account/suspension';

export enum ModerationKind {
  POST = 'POST',
  COMMENT = 'COMMENT',
}

registerEnumType(ModerationKind, {
  name: 'ModerationKind',
  description: 'What a moderation item is.',
  valuesConfig: { POST: { description: 'A post.' }, COMMENT: { description: 'A comment or reply.' } },
});

export enum ModerationState {
  REPORTED = 'REPORTED',
  BLINDED = 'BLINDED',
}

registerEnumType(ModerationState, {
  name: 'ModerationState',
  description: 'Where a moderation item stands.',
  valuesConfig: {
    REPORTED: { description: 'Reported, still shown (fewer reports than the blinding threshold).' },
    BLINDED: { description: 'Hidden by reports until STAFF dismisses them (dismissReports, restorePost, restoreComment).' },
  },
});

@ObjectType('ReportReason', { simpleResolvers: true, description: 'One pending report: why, and when. Who reported is not shown.' })
export class ReportReason {
  @Field(() => String, { description: 'The reason the reporter gave.' })
  reason!: string;

  @Field(() => DateTimeScalar, { description: 'When it was reported.' })
  reportedAt!: Date;
}

/** A row of the queue (moderation.sql.ts). */
export interface ModerationItemRow {
  kind: ModerationKind;
  /** The post's or the comment's id. */
  id: string;
  /** The post, or the comment's post. */
  postId: string;
  blindedAt: Date | null;
  reportCount: number;
  lastReportedAt: Date;
  reasons: ReportReason[];
}

@ObjectType('ModerationItem', {
  simpleResolvers: true,
  description: 'A reported or blinded post or comment awaiting STAFF (moderationQueue). Only pending reports count: dismissed ones are gone from it.',
})
export class ModerationItem implements Omit<ModerationItemRow, 'postId'> {
  @Field(() => ID, { description: 'The id of the post or comment (pass it to dismissReports).' })
  id!: string;

  @Field(() => ModerationKind, { description: 'Post or comment.' })
  kind!: ModerationKind;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When reports blinded it; null while it is only reported.' })
  blindedAt!: Date | null;

  @Field(() => Int, { description: 'How many pending (not dismissed) reports it has.' })
  reportCount!: number;

  @Field(() => DateTimeScalar, { description: 'When the newest pending report came; the queue is sorted by it, newest first.' })
  lastReportedAt!: Date;

  @Field(() => [ReportReason], { description: 'The pending reports, newest first (at most 20).' })
  reasons!: ReportReason[];
}

export const ModerationItemConnection = ConnectionType('ModerationItem', ModerationItem);

/** The account's suspension as the API shows it, or null when none is active. */
export function suspensionOf(user: DbUser, now = new Date()): SuspensionRecord | null {
  const active = activeSuspension(user, now);
  if (!active || !user.suspendedAt) return null;
  return { id: user.id, user, suspendedAt: user.suspendedAt, until: active.until, reason: user.suspensionReason ?? '' };
}

/** What suspendUser answers. */
export interface SuspensionRecord {
  /** The account's id. */
  id: string;
  user: DbUser;
  suspendedAt: Date;
  until: Date | null;
  reason: string;
}

@ObjectType('Suspension', { simpleResolvers: true, description: 'A suspended account: it cannot sign in or refresh until `until` (or until lifted); its content stays.' })
export class Suspension implements SuspensionRecord {
  @Field(() => ID, { description: "The suspended account's id (an account has at most one suspension)." })
  id!: string;

  @Field(() => User, { description: 'The suspended account.' })
  user!: DbUser;

  @Field(() => DateTimeScalar, { description: 'When it was suspended.' })
  suspendedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the suspension ends by itself; null: until unsuspendUser.' })
  until!: Date | null;

  @Field(() => String, { description: 'Why (for STAFF; the account is not shown it).' })
  reason!: string;
}
