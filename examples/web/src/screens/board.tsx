import { NetworkStatus } from '@apollo/client';
import { useState, type FormEvent } from 'react';
import { useBoardQuery, useCreatePostMutation, usePostsQuery } from '../../../../client/generated/hooks';
import { ErrorNotice } from '../components/error-notice';
import { LoadMore } from '../components/load-more';
import { PageHeading } from '../components/page-heading';
import { formatDateTime } from '../format';
import { useIdempotencyKey } from '../idempotency';
import { Link, navigate, paths } from '../router';
import { describeUploadError, POST_IMAGE_TYPES, usePostImageUploads } from '../uploads';

/** The API's limit of images per post (MEDIA_POST_IMAGES_MAX' default). */
const MAX_IMAGES = 10;

export const POSTS_PAGE_SIZE = 10;

/** A board: its newest posts, more as you scroll (relayStylePagination merges the pages). */
export function BoardScreen({ boardId }: { boardId: string }) {
  // `first: 1`: the header needs the board and its post count, not its posts.
  const board = useBoardQuery({ variables: { id: boardId, first: 1 } });
  const posts = usePostsQuery({ variables: { boardId, first: POSTS_PAGE_SIZE }, notifyOnNetworkStatusChange: true });
  const page = posts.data?.posts;
  const loadingMore = posts.networkStatus === NetworkStatus.fetchMore;

  if (board.error) return <ErrorNotice error={board.error} />;
  const title = board.data?.board?.name ?? 'Board';
  return (
    <>
      <PageHeading title={title} />
      {board.data?.board && (
        <p className="meta">
          {board.data.board.description && <>{board.data.board.description} · </>}
          {board.data.board.posts.totalCount} posts
        </p>
      )}
      <NewPostForm boardId={boardId} />
      <h2>Posts</h2>
      <ErrorNotice error={posts.error} />
      {posts.loading && !page && <p aria-busy="true">Loading posts…</p>}
      {page && page.edges.length === 0 && <p>No posts yet. Write the first one.</p>}
      <ol className="posts" aria-label="Posts">
        {page?.edges.map(({ node: post }) => (
          <li key={post.id}>
            <Link to={paths.post(post.id)} className="post-title">
              {post.title}
            </Link>
            <p className="excerpt">{post.content}</p>
            <p className="meta">
              {post.authorDisplayName} · <time dateTime={post.createdAt}>{formatDateTime(post.createdAt)}</time> · ♥ {post.likeCount} · {post.commentCount} comments
            </p>
          </li>
        ))}
      </ol>
      <p role="status" className="visually-hidden">
        {page ? `${page.edges.length} posts shown${page.pageInfo.hasNextPage ? ', more below' : ''}` : ''}
      </p>
      {page?.pageInfo.hasNextPage && (
        <LoadMore label="Load more posts" loading={loadingMore} onLoad={() => void posts.fetchMore({ variables: { after: page.pageInfo.endCursor } })} />
      )}
    </>
  );
}

function NewPostForm({ boardId }: { boardId: string }) {
  const [createPost, { loading, error }] = useCreatePostMutation();
  const idempotency = useIdempotencyKey();
  const uploads = usePostImageUploads();
  const [title, setTitle] = useState('');
  const [content, setContent] = useState('');
  const [isAnonymous, setAnonymous] = useState(false);
  const [images, setImages] = useState<File[]>([]);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setUploadError(null);
    setUploading(true);
    const imageUploadIds = await uploads.upload(images).then(
      (ids) => ids,
      (failure: unknown) => void setUploadError(describeUploadError(failure)),
    );
    setUploading(false);
    if (!imageUploadIds) return;
    const input = { boardId, title, content, isAnonymous, ...(imageUploadIds.length > 0 ? { imageUploadIds } : {}) };
    const { data } = await createPost({
      variables: { input: { ...input, idempotencyKey: idempotency.keyFor(input) } },
      // The new post goes first in this board's lists: drop the cached pages so they are read again.
      update(cache) {
        cache.evict({ id: 'ROOT_QUERY', fieldName: 'posts', args: { boardId } });
        cache.evict({ id: cache.identify({ __typename: 'Board', id: boardId }), fieldName: 'posts' });
        cache.gc();
      },
    }).catch(() => ({ data: undefined })); // shown through `error`; the same values retry with the same key
    if (!data) return;
    idempotency.succeeded();
    uploads.succeeded();
    navigate(paths.post(data.createPost.id));
  };

  return (
    <details className="compose">
      <summary>Write a post</summary>
      <form onSubmit={(event) => void submit(event)}>
        <label>
          Title
          <input name="title" required maxLength={100} value={title} onChange={(event) => setTitle(event.target.value)} />
        </label>
        <label>
          Text
          <textarea name="content" required rows={5} value={content} onChange={(event) => setContent(event.target.value)} />
        </label>
        <label className="inline">
          <input type="checkbox" checked={isAnonymous} onChange={(event) => setAnonymous(event.target.checked)} /> Post anonymously (shown as 익명)
        </label>
        <label>
          Images (up to {MAX_IMAGES})
          <input name="images" type="file" accept={POST_IMAGE_TYPES} multiple onChange={(event) => setImages(Array.from(event.target.files ?? []).slice(0, MAX_IMAGES))} />
        </label>
        {uploadError && (
          <p role="alert" className="error">
            {uploadError}
          </p>
        )}
        <ErrorNotice error={error} />
        <button type="submit" disabled={loading || uploading}>
          {uploading ? 'Uploading…' : loading ? 'Posting…' : 'Post'}
        </button>
      </form>
    </details>
  );
}
