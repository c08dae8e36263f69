/**
 * Direct messages: the conversation list, and one conversation with a send form. Incoming
 * messages reach both through the app-wide `messageReceived` subscription (live/messages.ts).
 */
import { NetworkStatus, useFragment } from '@apollo/client';
import { useEffect, useState, type FormEvent } from 'react';
import { ConversationFieldsFragmentDoc, type ConversationFieldsFragment } from '../../../../client/generated/gql/graphql';
import {
  useConversationsQuery,
  useMarkConversationReadMutation,
  useMessagesQuery,
  useSendMessageMutation,
} from '../../../../client/generated/hooks';
import { ErrorNotice } from '../components/error-notice';
import { LoadMore } from '../components/load-more';
import { PageHeading } from '../components/page-heading';
import { formatDateTime } from '../format';
import { useIdempotencyKey } from '../idempotency';
import { addMessage, MESSAGES_PAGE_SIZE } from '../live/messages';
import { Link, paths } from '../router';

const CONVERSATIONS_PAGE_SIZE = 20;

/**
 * The viewer's conversations, the most recent first (read again when a message arrives: it
 * may start a conversation or reorder the list).
 */
export function MessagesScreen() {
  const { data, loading, error, fetchMore, networkStatus } = useConversationsQuery({ variables: { first: CONVERSATIONS_PAGE_SIZE }, notifyOnNetworkStatusChange: true });
  const page = data?.conversations;
  return (
    <>
      <PageHeading title="Messages" />
      <ErrorNotice error={error} />
      {loading && !page && <p aria-busy="true">Loading conversations…</p>}
      {page && page.edges.length === 0 && <p>No messages yet.</p>}
      <ul className="cards conversations" aria-label="Conversations">
        {page?.edges.map(({ node: conversation }) => (
          <li key={conversation.id}>
            <Link to={paths.conversation(conversation.id)}>{conversation.otherParticipantName}</Link>
            {conversation.unreadCount > 0 && (
              <>
                <span className="badge" aria-hidden="true">
                  {conversation.unreadCount}
                </span>
                <span className="visually-hidden">, {conversation.unreadCount} unread</span>
              </>
            )}
            {conversation.lastMessage && <p className="excerpt">{conversation.lastMessage.content}</p>}
          </li>
        ))}
      </ul>
      {page?.pageInfo.hasNextPage && (
        <LoadMore label="Load more conversations" loading={networkStatus === NetworkStatus.fetchMore} onLoad={() => void fetchMore({ variables: { after: page.pageInfo.endCursor } })} />
      )}
    </>
  );
}

/**
 * One conversation, newest message last on screen. Incoming messages of this conversation are
 * added to the cached page as they arrive (nothing is read again) and marked read, since they
 * are on screen; the viewer's own messages come back from `sendMessage` itself (the socket
 * does not echo them).
 */
export function ConversationScreen({ conversationId }: { conversationId: string }) {
  const variables = { conversationId, first: MESSAGES_PAGE_SIZE };
  const { data, loading, error, fetchMore, networkStatus } = useMessagesQuery({ variables, notifyOnNetworkStatusChange: true });
  const [markRead] = useMarkConversationReadMutation({ variables: { conversationId } });
  // The name, when the list or an event has put the conversation in the cache.
  const { data: conversation } = useFragment<ConversationFieldsFragment>({ fragment: ConversationFieldsFragmentDoc, fragmentName: 'ConversationFields', from: { __typename: 'Conversation', id: conversationId } });
  // An incoming message raises the cached unreadCount: it is on screen, so mark it read.
  const hasUnread = (conversation?.unreadCount ?? 0) > 0;
  const shown = data !== undefined;
  useEffect(() => {
    if (shown && hasUnread) void markRead().catch(() => undefined);
  }, [shown, hasUnread, markRead]);

  const page = data?.messages;
  // The API pages newest first; the screen reads top to bottom, oldest first.
  const messages = page ? [...page.edges].reverse() : [];
  return (
    <>
      <p className="breadcrumb">
        <Link to={paths.messages()}>← Messages</Link>
      </p>
      <PageHeading title={conversation?.otherParticipantName ? `Messages with ${conversation.otherParticipantName}` : 'Conversation'} />
      <ErrorNotice error={error} />
      {loading && !page && <p aria-busy="true">Loading messages…</p>}
      {page?.pageInfo.hasNextPage && (
        <LoadMore label="Load earlier messages" loading={networkStatus === NetworkStatus.fetchMore} onLoad={() => void fetchMore({ variables: { after: page.pageInfo.endCursor } })} />
      )}
      {/* role=log: screen readers announce messages added at the end. */}
      <ol className="messages" role="log" aria-label="Messages">
        {messages.map(({ node: message }) => (
          <li key={message.id} className={message.isMine ? 'mine' : undefined}>
            <p className="meta">
              <strong>{message.isMine ? 'You' : message.senderName}</strong> · <time dateTime={message.createdAt}>{formatDateTime(message.createdAt)}</time>
            </p>
            <p className="content">{message.content}</p>
          </li>
        ))}
      </ol>
      {page && <MessageForm variables={variables} />}
    </>
  );
}

function MessageForm({ variables }: { variables: { conversationId: string; first: number } }) {
  const [sendMessage, { loading, error }] = useSendMessageMutation();
  const idempotency = useIdempotencyKey();
  const [content, setContent] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input = { conversationId: variables.conversationId, content };
    const { data } = await sendMessage({
      variables: { input: { ...input, idempotencyKey: idempotency.keyFor(input) } },
      update: (cache, { data: sent }) => sent && addMessage(cache, variables, sent.sendMessage),
    }).catch(() => ({ data: undefined })); // shown through `error`; the same text retries with the same key
    if (!data) return;
    idempotency.succeeded();
    setContent('');
  };

  return (
    <form className="message-form" onSubmit={(event) => void submit(event)}>
      <label htmlFor="new-message">Write a message</label>
      <textarea id="new-message" name="content" required rows={2} value={content} onChange={(event) => setContent(event.target.value)} />
      <ErrorNotice error={error} />
      <button type="submit" disabled={loading}>
        {loading ? 'Sending…' : 'Send'}
      </button>
    </form>
  );
}
