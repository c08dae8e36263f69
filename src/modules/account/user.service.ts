import type { SessionAccessTokenVerifier } from '../../auth/session-verifier';
import type { Role} from '../../auth/viewer';
import { type Viewer } from '../../auth/viewer';
import type { Db } from '../../db/prisma';
import type { Prisma, User as DbUser } from '../../generated/prisma/client';
import { NotFoundError, UserInputError, type FieldProblem } from '../../shared/errors';
import type { MediaService } from '../media/media.service';
import type { UpdateProfileInput } from './account.inputs';
import { canonicalTimeZone, TIME_ZONE_MESSAGE } from '../../shared/time-zone';
import { normalizeEmail } from './email';
import { normalizeText } from '../../shared/text';


/** Profiles: reading one's own account and changing it; roles for operators. */
export class UserService {
  /** `sessions`: the server's session cache, to refresh after changes (absent in scripts). */
  constructor(
    private readonly db: Db,
    private readonly sessions: Pick<SessionAccessTokenVerifier, 'evictUser'> | null = null,
    private readonly avatars: Pick<MediaService, 'verifyAvatar' | 'setAvatar'> | null = null,
  ) {}

  /** The viewer's account, or null for an anonymous caller. */
  async me(viewer: Viewer | null): Promise<DbUser | null> {
    if (!viewer) return null;
    return this.db.user.findFirst({ where: { id: viewer.id, deletedAt: null } });
  }

  /**
   * Changes the viewer's profile; only the fields present in `input`.
   * The school is not part of the profile: membership is proven (requestSchoolVerification) or approved by STAFF.
   * A new avatar upload is checked (media.service.ts) and bound in the same transaction.
   * @throws UserInputError (empty nickname, unknown or empty time zone, avatarUploadId)
   */
  async updateProfile(viewer: Viewer, input: UpdateProfileInput): Promise<DbUser> {
    const problems: FieldProblem[] = [];
    if (input.nickname === null || (input.nickname !== undefined && normalizeText(input.nickname) === '')) {
      problems.push({ field: 'nickname', message: 'cannot be empty' });
    }
    // null clears the zone (the server default applies); "" is not a zone and is refused.
    const timeZone = typeof input.timeZone === 'string' ? canonicalTimeZone(input.timeZone) : input.timeZone;
    if (timeZone === null && input.timeZone !== null) problems.push({ field: 'timeZone', message: TIME_ZONE_MESSAGE });
    if (problems.length > 0) throw new UserInputError(problems);
    const avatars = input.avatarUploadId !== undefined ? this.avatars : null;
    const avatar = avatars ? await avatars.verifyAvatar(viewer, input.avatarUploadId ?? null) : null;
    const updated = avatars
      ? await this.db.$transaction(async (tx) => {
          await avatars.setAvatar(tx, viewer, avatar);
          return this.updateUser(tx, viewer, { ...input, timeZone });
        })
      : await this.updateUser(this.db, viewer, { ...input, timeZone });
    // The time zone is part of the cached session: drop cached sessions, after the write, so
    // that nothing (another request, an open socket re-checking) reads the old row.
    this.sessions?.evictUser(viewer.id);
    return updated;
  }

  private updateUser(tx: Prisma.TransactionClient | Db, viewer: Viewer, input: UpdateProfileInput): Promise<DbUser> {
    return tx.user.update({
      where: { id: viewer.id },
      data: {
        ...(input.nickname !== undefined ? { nickname: normalizeText(input.nickname!) } : {}),
        ...(input.admissionYear !== undefined ? { admissionYear: input.admissionYear } : {}),
        ...(input.timeZone !== undefined ? { timeZone: input.timeZone } : {}),
      },
    });
  }

  /**
   * Grants or removes STAFF. For operators (npm run user:role), never exposed in the API.
   * @throws NotFoundError when no live account has this e-mail.
   */
  async setRole(email: string, role: Role): Promise<DbUser> {
    const user = await this.db.user.findFirst({ where: { email: normalizeEmail(email), deletedAt: null } });
    if (!user) throw new NotFoundError('User');
    const updated = await this.db.user.update({ where: { id: user.id }, data: { role } });
    this.sessions?.evictUser(user.id);
    return updated;
  }
}
