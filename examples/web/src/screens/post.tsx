import { NetworkStatus } from '@apollo/client';
import { useState, type FormEvent } from 'react';
import type { CommentFieldsFragment, PostQuery } from '../../../../client/generated/gql/graphql';
import {
  useCreateCommentMutation,
  useLikeCommentMutation,
  useCommentAddedSubscription,
  useLikePostMutation,
  usePostImagesQuery,
  usePostQuery,
  useUnlikeCommentMutation,
  useUnlikePostMutation,
} from '../../../../client/generated/hooks';
import { useViewer } from '../auth/session-context';
import { ErrorNotice } from '../components/error-notice';
import { LoadMore } from '../components/load-more';
import { PageHeading } from '../components/page-heading';
import { formatDateTime } from '../format';
import { useIdempotencyKey } from '../idempotency';
import { Link, paths } from '../router';

type Post = NonNullable<PostQuery['post']>;
type TopLevelComment = Post['comments']['edges'][number]['node'];

const COMMENTS_PAGE_SIZE = 30;

/**
 * A post with its images, its comments and their replies, as the API names their authors.
 * Comments written meanwhile by others appear as they are written (`commentAdded`).
 */
export function PostScreen({ postId }: { postId: string }) {
  const { data, loading, error, fetchMore, refetch, networkStatus } = usePostQuery({ variables: { id: postId, commentsFirst: COMMENTS_PAGE_SIZE }, notifyOnNetworkStatusChange: true });
  const post = data?.post;
  useCommentAddedSubscription({
    variables: { postId },
    // The event names the comment; where it goes (a reply, after which comment) and how its
    // author is named are the server's, as after one's own comment: the comments shown are
    // read again, in one request. Not stored: the page's own query fills the cache.
    fetchPolicy: 'no-cache',
    onData: ({ data: event }) => {
      const added = event.data?.commentAdded;
      if (!added || !post || isShown(post, added.id)) return; // one's own, already read again
      void refetch({ commentsFirst: Math.max(COMMENTS_PAGE_SIZE, post.comments.edges.length) }).catch(() => undefined);
    },
  });
  if (error) return <ErrorNotice error={error} />;
  if (loading && !post) return <p aria-busy="true">Loading the post…</p>;
  if (!post) return <PageHeading title="Post not found" />;
  const { pageInfo } = post.comments;

  return (
    <article className="post">
      <p className="breadcrumb">
        <Link to={paths.board(post.board.id)}>← {post.board.name}</Link>
      </p>
      <PageHeading title={post.title} />
      <p className="meta">
        {/* authorDisplayName is what to show: the nickname, or 익명 for an anonymous post. */}
        {post.authorDisplayName} · <time dateTime={post.createdAt}>{formatDateTime(post.createdAt)}</time>
      </p>
      {post.isBlinded && !post.content ? <p className="muted">Hidden after reports.</p> : <p className="content">{post.content}</p>}
      <PostImages postId={post.id} />
      <PostLikeButton post={post} />

      <section aria-labelledby="comments-heading">
        <h2 id="comments-heading">Comments ({post.commentCount})</h2>
        <ol className="comments">
          {post.comments.edges.map(({ node: comment }) => (
            <TopLevelCommentItem key={comment.id} postId={post.id} comment={comment} />
          ))}
        </ol>
        {pageInfo.hasNextPage && (
          <LoadMore label="Load more comments" loading={networkStatus === NetworkStatus.fetchMore} onLoad={() => void fetchMore({ variables: { commentsAfter: pageInfo.endCursor } })} />
        )}
        <CommentForm postId={post.id} label="Write a comment" />
      </section>
    </article>
  );
}

function isShown(post: Post, commentId: string): boolean {
  return post.comments.edges.some(({ node }) => node.id === commentId || node.replies.edges.some((reply) => reply.node.id === commentId));
}

/**
 * The post's images as thumbnails (WebP, at most 320×320), each linking to the full image.
 * URLs are signed and expire: they come from the query, never from storage of our own.
 */
function PostImages({ postId }: { postId: string }) {
  const { data } = usePostImagesQuery({ variables: { id: postId } });
  const images = data?.post?.images ?? [];
  if (images.length === 0) return null;
  return (
    <ul className="post-images" aria-label="Images">
      {images.map((image, index) =>
        image.url ? (
          <li key={image.id}>
            <a href={image.url} target="_blank" rel="noreferrer">
              <img src={image.thumbnailUrl ?? image.url} alt={`Image ${index + 1} of ${images.length}`} loading="lazy" />
            </a>
          </li>
        ) : null,
      )}
    </ul>
  );
}

function PostLikeButton({ post }: { post: Post }) {
  const viewer = useViewer();
  const variables = { id: post.id };
  const [like, liking] = useLikePostMutation({ variables, optimisticResponse: { likePost: { __typename: 'Post', id: post.id, likeCount: post.likeCount + 1, viewerHasLiked: true } } });
  const [unlike, unliking] = useUnlikePostMutation({ variables, optimisticResponse: { unlikePost: { __typename: 'Post', id: post.id, likeCount: post.likeCount - 1, viewerHasLiked: false } } });
  // Liking one's own post is refused by the API (BAD_USER_INPUT): do not offer it.
  const own = post.author?.id === viewer.id;
  return (
    <p>
      <button
        type="button"
        className="like"
        aria-pressed={post.viewerHasLiked}
        disabled={own || liking.loading || unliking.loading}
        onClick={() => void (post.viewerHasLiked ? unlike() : like()).catch(() => undefined)}
      >
        ♥ {post.viewerHasLiked ? 'Liked' : 'Like'} <span aria-label={`${post.likeCount} likes`}>({post.likeCount})</span>
      </button>
      <ErrorNotice error={liking.error ?? unliking.error} />
    </p>
  );
}

function TopLevelCommentItem({ postId, comment }: { postId: string; comment: TopLevelComment }) {
  const [replying, setReplying] = useState(false);
  return (
    <li>
      <CommentBody comment={comment} />
      {!comment.isDeleted && (
        <button type="button" className="link" aria-expanded={replying} onClick={() => setReplying(!replying)}>
          Reply
        </button>
      )}
      {comment.replies.edges.length > 0 && (
        <ol className="replies" aria-label={`Replies to ${comment.authorDisplayName ?? 'a deleted comment'}`}>
          {comment.replies.edges.map(({ node: reply }) => (
            <li key={reply.id}>
              <CommentBody comment={reply} />
            </li>
          ))}
        </ol>
      )}
      {replying && <CommentForm postId={postId} parentId={comment.id} label="Write a reply" onDone={() => setReplying(false)} />}
    </li>
  );
}

function CommentBody({ comment }: { comment: CommentFieldsFragment }) {
  const viewer = useViewer();
  const variables = { id: comment.id };
  const [like, liking] = useLikeCommentMutation({ variables });
  const [unlike, unliking] = useUnlikeCommentMutation({ variables });
  if (comment.isDeleted) return <p className="muted">(deleted comment)</p>;
  const own = comment.author?.id === viewer.id;
  return (
    <div className="comment">
      <p className="meta">
        {/* 글쓴이 for the post's anonymous author, 익명1, 익명2 … for other anonymous commenters. */}
        <strong>{comment.authorDisplayName}</strong> · <time dateTime={comment.createdAt}>{formatDateTime(comment.createdAt)}</time>
      </p>
      <p className="content">{comment.isBlinded && !comment.content ? <span className="muted">Hidden after reports.</span> : comment.content}</p>
      <button
        type="button"
        className="link"
        aria-pressed={comment.viewerHasLiked}
        disabled={own || liking.loading || unliking.loading}
        onClick={() => void (comment.viewerHasLiked ? unlike() : like()).catch(() => undefined)}
      >
        ♥ {comment.likeCount}
      </button>
      <ErrorNotice error={liking.error ?? unliking.error} />
    </div>
  );
}

/**
 * A comment or a reply. The post is read again afterwards: where the comment goes and the
 * anonymous name it gets (익명N) are the server's to decide (the socket's copy of it is then
 * already shown and ignored). Like a new post, it carries an idempotency key, reused while the
 * same values are resubmitted: a retry after a lost answer returns the same comment.
 */
function CommentForm({ postId, parentId, label, onDone }: { postId: string; parentId?: string; label: string; onDone?: () => void }) {
  const [createComment, { loading, error }] = useCreateCommentMutation({ refetchQueries: ['Post'], awaitRefetchQueries: true });
  const idempotency = useIdempotencyKey();
  const [content, setContent] = useState('');
  const [isAnonymous, setAnonymous] = useState(false);
  const id = parentId ? `reply-${parentId}` : 'new-comment';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input = { postId, parentId, content, isAnonymous };
    const { data } = await createComment({ variables: { input: { ...input, idempotencyKey: idempotency.keyFor(input) } } }).catch(() => ({ data: undefined }));
    if (!data) return;
    idempotency.succeeded();
    setContent('');
    onDone?.();
  };

  return (
    <form className="comment-form" onSubmit={(event) => void submit(event)}>
      <label htmlFor={id}>{label}</label>
      <textarea id={id} name="content" required rows={3} value={content} onChange={(event) => setContent(event.target.value)} />
      <label className="inline">
        <input type="checkbox" checked={isAnonymous} onChange={(event) => setAnonymous(event.target.checked)} /> Anonymous
      </label>
      <ErrorNotice error={error} />
      <button type="submit" disabled={loading}>
        {loading ? 'Sending…' : parentId ? 'Reply' : 'Comment'}
      </button>
    </form>
  );
}
