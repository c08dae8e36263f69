import { Args, Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { CurrentViewer } from '../../auth/current-viewer';
import type { Viewer } from '../../auth/viewer';
import type { Context } from '../../context';
import type { Post as DbPost, Project as DbProject, User as DbUser } from '../../generated/prisma/client';
import type { Page } from '../../shared/pagination';
import { User } from '../account/account.types';
import { Post } from '../community/post.types';
import { Project } from '../project/project.types';
import { AddProjectAttachmentArgs, ProjectAttachmentsArgs, RequestUploadInput } from './media.inputs';
import type { MediaService } from './media.service';
import { PostImage, ProjectAttachment, ProjectAttachmentConnection, UploadTicket } from './media.types';
import { IdArg } from '../../shared/ids';

@Resolver(() => UploadTicket)
export class UploadResolver {
  constructor(private readonly media: MediaService) {}

  @Authorized()
  @Mutation(() => UploadTicket, {
    description:
      'Step 1 of an upload: a presigned request to send the file straight to storage (step 2), after which a mutation binds `uploadId` (step 3: createPost/updatePost `imageUploadIds`, addProjectAttachment, updateProfile `avatarUploadId`). BAD_USER_INPUT for a type or size the purpose does not allow; RATE_LIMITED past the daily upload quota.',
  })
  requestUpload(@CurrentViewer() viewer: Viewer, @Arg('input', () => RequestUploadInput, { description: 'The file about to be sent.' }) input: RequestUploadInput): Promise<UploadTicket> {
    return this.media.requestUpload(viewer, input);
  }

  @Authorized()
  @Mutation(() => ProjectAttachment, { description: "Attaches an uploaded PROJECT_ATTACHMENT to one of the viewer's active projects, after checking the stored file (size, and type from its bytes)." })
  addProjectAttachment(@CurrentViewer() viewer: Viewer, @Args(() => AddProjectAttachmentArgs) args: AddProjectAttachmentArgs): Promise<ProjectAttachment> {
    return this.media.addProjectAttachment(viewer, args.projectId, args.uploadId);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: "Removes an attachment from one of the viewer's active projects (NOT_FOUND for anyone else's)." })
  removeProjectAttachment(@CurrentViewer() viewer: Viewer, @IdArg('id', 'The attachment id.') id: string): Promise<boolean> {
    return this.media.removeProjectAttachment(viewer, id);
  }
}

@Resolver(() => Post)
export class PostImagesResolver {
  constructor(private readonly media: MediaService) {}

  @FieldResolver(() => [PostImage], { description: 'The images, in order (batched across the page; URLs are signed without a query).' })
  images(@Root() post: DbPost, @Ctx() { viewer, loaders }: Context): Promise<PostImage[]> {
    return this.media.postImages(viewer, post, loaders.media);
  }
}

@Resolver(() => Project)
export class ProjectAttachmentsResolver {
  constructor(private readonly media: MediaService) {}

  @FieldResolver(() => ProjectAttachmentConnection, { description: 'A page of the files attached to the project, oldest first (batched across projects).' })
  attachments(@Root() project: DbProject, @CurrentViewer() viewer: Viewer, @Args(() => ProjectAttachmentsArgs) args: ProjectAttachmentsArgs, @Ctx() { loaders }: Context): Promise<Page<ProjectAttachment>> {
    return this.media.attachments(viewer, project, args, loaders.media);
  }
}

@Resolver(() => User)
export class UserAvatarResolver {
  constructor(private readonly media: MediaService) {}

  @FieldResolver(() => String, { nullable: true, description: 'A short-lived signed URL of the profile picture; null when there is none.' })
  avatarUrl(@Root() user: DbUser, @Ctx() { loaders }: Context): Promise<string | null> {
    return this.media.avatarUrl(user, loaders.media);
  }
}
