import { Args, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { CurrentViewer } from '../../auth/current-viewer';
import { Role, type Viewer } from '../../auth/viewer';
import type { Context } from '../../context';
import type { Post as DbPost } from '../../generated/prisma/client';
import { Comment, type CommentWithPostAuthor } from './comment.types';
import { Post } from './post.types';
import { ReportArgs } from './report.inputs';
import type { ReportService } from './report.service';
import { IdArg } from '../../shared/ids';

@Resolver()
export class ReportResolver {
  constructor(private readonly reports: ReportService) {}

  @Authorized()
  @Mutation(() => Post, { description: 'Reports a post (once per user). Enough reports blind it until STAFF restores it.' })
  reportPost(@CurrentViewer() viewer: Viewer, @Args(() => ReportArgs) args: ReportArgs, @Ctx() { loaders }: Context): Promise<DbPost> {
    return this.reports.reportPost(viewer, args.id, args.reason, loaders.post);
  }

  @Authorized()
  @Mutation(() => Comment, { description: 'Reports a comment (once per user). Enough reports blind it until STAFF restores it.' })
  reportComment(@CurrentViewer() viewer: Viewer, @Args(() => ReportArgs) args: ReportArgs, @Ctx() { loaders }: Context): Promise<CommentWithPostAuthor> {
    return this.reports.reportComment(viewer, args.id, args.reason, loaders.comment);
  }

  @Authorized(Role.STAFF)
  @Mutation(() => Post, { description: 'STAFF: shows a blinded post again and resets its report count.' })
  restorePost(@CurrentViewer() viewer: Viewer, @IdArg('id', 'The post id.') id: string, @Ctx() { loaders }: Context): Promise<DbPost> {
    return this.reports.restorePost(viewer, id, loaders.post);
  }

  @Authorized(Role.STAFF)
  @Mutation(() => Comment, { description: 'STAFF: shows a blinded comment again and resets its report count.' })
  restoreComment(@CurrentViewer() viewer: Viewer, @IdArg('id', 'The comment id.') id: string, @Ctx() { loaders }: Context): Promise<CommentWithPostAuthor> {
    return this.reports.restoreComment(viewer, id, loaders.comment);
  }
}
