import { randomUUID } from 'node:crypto';
import type { Throttle } from '../../auth/throttle';
import type { Viewer } from '../../auth/viewer';
import type { Config } from '../../config';
import type { Db } from '../../db/prisma';
import type { Post as DbPost, Prisma, Project as DbProject, Upload as DbUpload, User as DbUser } from '../../generated/prisma/client';
import { NotFoundError, UserInputError } from '../../shared/errors';
import type { Logger } from '../../shared/logger';
import { pageSize, toPage, type ConnectionArgs, type Page } from '../../shared/pagination';
import { isStaff } from '../community/community.policy';
import { assertActive } from '../project/project.policy';
import type { ProjectService } from '../project/project.service';
import { INSPECTED_BYTES, inspect } from './content-inspection';
import type { MediaLoaders } from './media.loaders';
import { checkUploadRequest, isImagePurpose, verifiedType } from './media.policy';
import { attachmentCursor, markOrphansDetached, unreachableUploadIds, type AttachmentRow } from './media.sql';
import { UploadPurpose, type PostImage, type ProjectAttachment, type UploadTicket } from './media.types';
import type { RequestUploadInput } from './media.inputs';
import { isUploadId, variantName, type ObjectStorage } from './storage/object-storage';
import { makeThumbnail, THUMBNAIL_TYPE } from './thumbnails';

type Tx = Prisma.TransactionClient;

/** An upload whose stored bytes were checked, ready to bind (or already bound to the target). */
export interface VerifiedUpload {
  id: string;
  contentType: string;
  byteSize: number;
  width: number | null;
  height: number | null;
  thumbnailByteSize: number | null;
}

/** Download URLs expire on a minute boundary, so a page read twice within it gets the same URLs (browser caches keep working). */
const URL_EXPIRY_STEP_MS = 60_000;
/** Files the clean-up job deletes per statement. */
const PURGE_BATCH = 200;

/**
 * Uploads: the direct-upload flow (requestUpload → the client sends the bytes to storage →
 * a mutation binds the upload), the checks at binding (the object exists, has the declared
 * size, and its bytes are of the declared type; otherwise it is deleted), signed URLs for
 * reading, and the clean-up of files nobody can reach any more.
 */
export class MediaService {
  constructor(
    private readonly db: Db,
    readonly storage: ObjectStorage,
    private readonly config: Config['media'],
    private readonly throttle: Throttle,
    private readonly projects: ProjectService,
    private readonly logger: Logger | null = null,
  ) {}

  /** Overridable clock (tests). */
  now: () => Date = () => new Date();

  /**
   * A presigned upload for a file the viewer is about to send. Counts against the viewer's
   * upload quota (count and bytes) once the request is valid.
   * @throws UserInputError (fileName, contentType, byteSize), RateLimitedError
   */
  async requestUpload(viewer: Viewer, input: RequestUploadInput): Promise<UploadTicket> {
    const request = checkUploadRequest(this.config, input);
    await this.throttle.consume('uploadsPerUser', viewer.id);
    await this.throttle.consume('uploadBytesPerUser', viewer.id, request.byteSize);
    const id = randomUUID();
    const expiresAt = new Date(this.now().getTime() + this.config.uploadUrlTtlSeconds * 1000);
    await this.db.upload.create({
      data: { id, ownerId: viewer.id, purpose: request.purpose, fileName: request.fileName, contentType: request.contentType, byteSize: request.byteSize, uploadExpiresAt: expiresAt },
    });
    const presigned = await this.storage.presignUpload(id, { contentType: request.contentType, byteSize: request.byteSize, expiresAt });
    return { uploadId: id, url: presigned.url, method: presigned.method, headers: Object.entries(presigned.headers).map(([name, value]) => ({ name, value })), expiresAt };
  }

  /**
   * Checks uploads the viewer wants to bind, in order: each must be the viewer's, of
   * `purpose`, not bound elsewhere (those already bound to `keep` pass unchecked), recent,
   * and its stored bytes must have the declared size and type. A file that fails the
   * content checks is deleted with its upload. Reads storage: call before any transaction.
   * @throws UserInputError on `field`
   */
  async verifyUploads(viewer: Viewer, ids: readonly string[], purpose: UploadPurpose, field: string, keep: Prisma.UploadWhereInput | null = null): Promise<VerifiedUpload[]> {
    if (new Set(ids).size !== ids.length) throw UserInputError.field(field, 'lists an upload more than once');
    if (purpose === UploadPurpose.POST_IMAGE && ids.length > this.config.postImagesMax) throw UserInputError.field(field, `must list at most ${this.config.postImagesMax} images`);
    const valid = ids.filter(isUploadId);
    const cutoff = new Date(this.now().getTime() - this.config.graceSeconds * 1000);
    const rows = valid.length === 0 ? [] : await this.db.upload.findMany({
      where: {
        id: { in: valid },
        purpose,
        detachedAt: null,
        OR: [{ ownerId: viewer.id, boundAt: null, createdAt: { gt: cutoff } }, ...(keep ? [keep] : [])],
      },
    });
    const byId = new Map(rows.map((row) => [row.id, row]));
    // Unknown, another user's, of another purpose, already used or too old: one answer for all.
    if (ids.some((id) => !byId.has(id))) throw UserInputError.field(field, 'refers to an upload that does not exist, is not yours, is for something else or was already used');
    return Promise.all(ids.map((id) => this.verifyStored(byId.get(id)!, field)));
  }

  private async verifyStored(upload: DbUpload, field: string): Promise<VerifiedUpload> {
    if (upload.boundAt) return upload;
    const size = await this.storage.size(upload.id);
    if (size === null) throw UserInputError.field(field, 'refers to an upload whose file was not sent (or not completely)');
    if (size !== upload.byteSize) return this.reject(upload, field, 'refers to a file whose size differs from the declared one; it was deleted');
    const head = await this.storage.readHead(upload.id, Math.min(size, INSPECTED_BYTES));
    const found = await inspect(head, isImagePurpose(upload.purpose as UploadPurpose));
    const contentType = verifiedType(upload.contentType, found.contentType, head);
    if (!contentType) return this.reject(upload, field, 'refers to a file whose content is not of the declared type; it was deleted');
    const thumbnailByteSize = found.width !== null && this.config.thumbnails ? await this.storeThumbnail(upload.id, size <= head.length ? head : await this.storage.readHead(upload.id, size)) : null;
    return { id: upload.id, contentType, byteSize: size, width: found.width, height: found.height, thumbnailByteSize };
  }

  /** Makes and stores the image's thumbnail; its size, or null when the image cannot be decoded. */
  private async storeThumbnail(id: string, image: Buffer): Promise<number | null> {
    const thumbnail = await makeThumbnail(image);
    if (!thumbnail) return null;
    await this.storage.put(variantName(id, 'thumbnail'), thumbnail, THUMBNAIL_TYPE);
    return thumbnail.length;
  }

  /** Deletes a file that failed its checks, and its upload. @throws UserInputError always */
  private async reject(upload: DbUpload, field: string, message: string): Promise<never> {
    await this.storage.delete(upload.id);
    await this.db.upload.deleteMany({ where: { id: upload.id, boundAt: null } });
    throw UserInputError.field(field, message);
  }

  /**
   * Binds verified uploads in the caller's transaction. Each binding is conditional (still
   * unbound, or already bound to this target), so two requests racing for one upload cannot
   * both have it. @throws UserInputError on `field`
   */
  private async bind(tx: Tx, uploads: readonly VerifiedUpload[], target: Prisma.UploadUncheckedUpdateManyInput, field: string, keep: Prisma.UploadWhereInput | null): Promise<void> {
    const boundAt = this.now();
    for (const [position, upload] of uploads.entries()) {
      const { count } = await tx.upload.updateMany({
        where: { id: upload.id, detachedAt: null, OR: [{ boundAt: null }, ...(keep ? [keep] : [])] },
        data: { ...target, position, boundAt, contentType: upload.contentType, byteSize: upload.byteSize, width: upload.width, height: upload.height, thumbnailByteSize: upload.thumbnailByteSize },
      });
      if (count === 0) throw UserInputError.field(field, 'refers to an upload that was used meanwhile');
    }
  }

  /** Makes `images` the post's images, in order; images it had before and not listed are detached. */
  async setPostImages(tx: Tx, postId: string, images: readonly VerifiedUpload[]): Promise<void> {
    await tx.upload.updateMany({ where: { postId, detachedAt: null, id: { notIn: images.map((image) => image.id) } }, data: { detachedAt: this.now() } });
    await this.bind(tx, images, { postId }, 'imageUploadIds', { postId });
  }

  /** Verified images for a new post, or for replacing the images of `postId`. @throws UserInputError (imageUploadIds) */
  verifyPostImages(viewer: Viewer, ids: readonly string[], postId: string | null = null): Promise<VerifiedUpload[]> {
    return this.verifyUploads(viewer, ids, UploadPurpose.POST_IMAGE, 'imageUploadIds', postId ? { postId } : null);
  }

  /** A verified avatar, or null to remove it. @throws UserInputError (avatarUploadId) */
  async verifyAvatar(viewer: Viewer, id: string | null): Promise<VerifiedUpload | null> {
    if (id === null) return null;
    const [avatar] = await this.verifyUploads(viewer, [id], UploadPurpose.AVATAR, 'avatarUploadId', { ownerId: viewer.id, boundAt: { not: null } });
    return avatar!;
  }

  /** Makes `avatar` the viewer's avatar (null: none); the previous one is detached. */
  async setAvatar(tx: Tx, viewer: Viewer, avatar: VerifiedUpload | null): Promise<void> {
    const current = { ownerId: viewer.id, purpose: 'AVATAR' as const, boundAt: { not: null }, detachedAt: null };
    await tx.upload.updateMany({ where: { ...current, ...(avatar ? { id: { not: avatar.id } } : {}) }, data: { detachedAt: this.now() } });
    if (avatar) await this.bind(tx, [avatar], {}, 'avatarUploadId', { ownerId: viewer.id });
  }

  /**
   * Attaches an uploaded file to one of the viewer's active projects.
   * @throws NotFoundError (project), UserInputError (archived project; uploadId)
   */
  async addProjectAttachment(viewer: Viewer, projectId: string, uploadId: string): Promise<ProjectAttachment> {
    const project = await this.projects.getOwned(viewer, projectId);
    assertActive(project, 'projectId');
    const [upload] = await this.verifyUploads(viewer, [uploadId], UploadPurpose.PROJECT_ATTACHMENT, 'uploadId');
    await this.db.$transaction((tx) => this.bind(tx, [upload!], { projectId: project.id }, 'uploadId', null));
    const row = await this.db.upload.findUniqueOrThrow({ where: { id: upload!.id } });
    return this.attachment({ ...row, projectId: project.id });
  }

  /**
   * Removes an attachment from its project (the file is deleted after the grace period).
   * @returns true once removed
   * @throws NotFoundError (not an attachment of the viewer's projects), UserInputError (archived project)
   */
  async removeProjectAttachment(viewer: Viewer, id: string): Promise<true> {
    const row = isUploadId(id)
      ? await this.db.upload.findFirst({ where: { id, detachedAt: null, boundAt: { not: null }, project: { ownerId: viewer.id } }, include: { project: true } })
      : null;
    if (!row?.project) throw new NotFoundError('ProjectAttachment');
    assertActive(row.project, 'id');
    await this.db.upload.updateMany({ where: { id: row.id, detachedAt: null }, data: { detachedAt: this.now() } });
    return true;
  }

  /** When URLs signed now expire. */
  private downloadExpiry(): Date {
    const at = this.now().getTime() + this.config.downloadUrlTtlSeconds * 1000;
    return new Date(Math.ceil(at / URL_EXPIRY_STEP_MS) * URL_EXPIRY_STEP_MS);
  }

  /** A post's images for `viewer`; their URLs are null while the post is blinded (except for STAFF). */
  async postImages(viewer: Viewer | null, post: DbPost, loaders: MediaLoaders): Promise<PostImage[]> {
    const rows = await loaders.imagesByPost.load(post.id);
    const hidden = post.deletedAt !== null || (post.blindedAt !== null && !isStaff(viewer));
    const expiresAt = this.downloadExpiry();
    return Promise.all(
      rows.map(async (row) => ({
        id: row.id,
        url: hidden ? null : await this.storage.presignDownload(row.id, { contentType: row.contentType, expiresAt }),
        thumbnailUrl: hidden || row.thumbnailByteSize === null ? null : await this.storage.presignDownload(variantName(row.id, 'thumbnail'), { contentType: THUMBNAIL_TYPE, expiresAt }),
        width: row.width,
        height: row.height,
        contentType: row.contentType,
        byteSize: row.byteSize,
      })),
    );
  }

  /** The user's avatar URL, or null (none, or a deleted account). */
  async avatarUrl(user: DbUser, loaders: MediaLoaders): Promise<string | null> {
    if (user.deletedAt) return null;
    const avatar = await loaders.avatarByUser.load(user.id);
    return avatar ? this.storage.presignDownload(avatar.id, { contentType: avatar.contentType, expiresAt: this.downloadExpiry() }) : null;
  }

  /**
   * A page of a project's attachments, oldest first. Projects reach resolvers only through
   * owner-scoped queries; the owner check here keeps that true should one ever not be.
   * @throws NotFoundError, UserInputError (bad cursor)
   */
  async attachments(viewer: Viewer, project: DbProject, args: ConnectionArgs, loaders: MediaLoaders): Promise<Page<ProjectAttachment>> {
    if (project.ownerId !== viewer.id) throw new NotFoundError('Project');
    const first = pageSize(args);
    const rows = await loaders.attachmentPages(first, args.after ?? null).load(project.id);
    const expiresAt = this.downloadExpiry();
    const nodes = await Promise.all(rows.slice(0, first).map((row) => this.attachment(row, expiresAt)));
    const byId = new Map(nodes.map((node) => [node.id, node]));
    return toPage(rows, first, attachmentCursor, () => loaders.attachmentCount.load(project.id), (row) => byId.get(row.id)!);
  }

  private async attachment(row: AttachmentRow | (DbUpload & { projectId: string }), expiresAt = this.downloadExpiry()): Promise<ProjectAttachment> {
    const url = await this.storage.presignDownload(row.id, { contentType: row.contentType, downloadName: row.fileName, expiresAt });
    return { id: row.id, fileName: row.fileName, url, byteSize: row.byteSize, contentType: row.contentType, createdAt: row.createdAt };
  }

  /**
   * The clean-up job: deletes the files (then the rows) of uploads nobody can reach any more
   * for longer than the grace period: never bound, detached, of deleted posts, avatars of
   * deleted accounts, and (noticed on one run, deleted a grace period later) attachments of
   * deleted projects. Returns how many it deleted.
   */
  async purgeUnreachable(): Promise<number> {
    const now = this.now();
    await markOrphansDetached(this.db, now);
    const cutoff = new Date(now.getTime() - this.config.graceSeconds * 1000);
    let deleted = 0;
    for (;;) {
      const ids = await unreachableUploadIds(this.db, cutoff, PURGE_BATCH);
      // A file goes before its row: should deleting the file fail, the row is still there for the next run.
      const gone = await Promise.allSettled(ids.map((id) => Promise.all([this.storage.delete(id), this.storage.delete(variantName(id, 'thumbnail'))]).then(() => id)));
      const done = gone.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
      for (const failure of gone.filter((result) => result.status === 'rejected')) this.logger?.warn({ err: failure.reason }, 'could not delete an uploaded file');
      if (done.length > 0) await this.db.upload.deleteMany({ where: { id: { in: done } } });
      deleted += done.length;
      if (ids.length < PURGE_BATCH || done.length === 0) return deleted;
    }
  }
}
