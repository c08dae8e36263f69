/**
 * How a React app uses the generated client (compiled by the client-flow test, never run):
 * typed hooks with Apollo Client 3, a cache that paginates with `after`, and the
 * TypedDocumentNodes outside React. Lines marked @ts-expect-error prove that mistakes do
 * not compile.
 */
import type { ApolloClient} from '@apollo/client';
import { ApolloProvider, InMemoryCache } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import { useState } from 'react';
import { PostsDocument, type PostFieldsFragment, type PostsQuery } from '../generated/gql/graphql';
import { useBoardQuery, useLikePostMutation, useLoginMutation, usePostsQuery } from '../generated/hooks';

export const cache = new InMemoryCache({
  typePolicies: {
    Query: { fields: { posts: relayStylePagination(['boardId', 'orderBy', 'search']) } },
  },
});

export function PostRow({ post }: { post: PostFieldsFragment }) {
  const [likePost, { loading }] = useLikePostMutation({ variables: { id: post.id } });
  const likes: number = post.likeCount;
  return (
    <li>
      {post.title} — {post.authorDisplayName}{' '}
      <button disabled={loading || post.viewerHasLiked} onClick={() => void likePost()}>
        ♥ {likes}
      </button>
    </li>
  );
}

export function BoardPosts({ boardId }: { boardId: string }) {
  const { data, loading, fetchMore } = usePostsQuery({ variables: { boardId, first: 20 } });
  const { data: board } = useBoardQuery({ variables: { id: boardId, first: 1 } });
  if (loading || !data) return <p>Loading…</p>;
  const { edges, pageInfo } = data.posts;
  return (
    <section>
      <h1>{board?.board?.name}</h1>
      <ul>
        {edges.map(({ node }) => (
          <PostRow key={node.id} post={node} />
        ))}
      </ul>
      {pageInfo.hasNextPage && <button onClick={() => void fetchMore({ variables: { after: pageInfo.endCursor } })}>More</button>}
    </section>
  );
}

export function LoginForm({ onTokens }: { onTokens: (access: string, refresh: string) => void }) {
  const [login, { error }] = useLoginMutation();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const submit = async () => {
    const { data } = await login({ variables: { input: { login: name, password } } });
    if (data) onTokens(data.login.accessToken, data.login.refreshToken);
  };
  return (
    <form onSubmit={(event) => (event.preventDefault(), void submit())}>
      <input value={name} onChange={(event) => setName(event.target.value)} />
      <input type="password" value={password} onChange={(event) => setPassword(event.target.value)} />
      {error && <p role="alert">{error.graphQLErrors[0]?.extensions?.code === 'UNAUTHENTICATED' ? 'Wrong login or password' : error.message}</p>}
    </form>
  );
}

export function App({ client }: { client: ApolloClient<object> }) {
  return (
    <ApolloProvider client={client}>
      <BoardPosts boardId="board-id" />
    </ApolloProvider>
  );
}

/** Outside React: the same documents, typed end to end. */
export async function firstTitles(client: ApolloClient<object>, boardId: string): Promise<string[]> {
  const { data } = await client.query({ query: PostsDocument, variables: { boardId, first: 5 } });
  const page: PostsQuery['posts'] = data.posts;
  // @ts-expect-error: `boardId` is required
  void client.query({ query: PostsDocument, variables: { first: 5 } });
  // @ts-expect-error: `title` is a string, not a number
  const wrong: number = page.edges[0].node.title;
  void wrong;
  return page.edges.map((edge) => edge.node.title);
}

export function WrongVariables() {
  // @ts-expect-error: `first` is an Int
  usePostsQuery({ variables: { boardId: 'b', first: 'twenty' } });
  return null;
}
