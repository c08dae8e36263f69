/**
 * The viewer's notifications, newest first, each marked read on request (or all at once).
 * `markNotificationsRead` answers the unread count left, written straight into the cached
 * `unreadNotificationCount` (the header's badge); the list is read again for the `readAt`s.
 * New notifications arrive through the header's subscription (components/notifications-link.tsx).
 */
import { NetworkStatus, type ApolloCache } from '@apollo/client';
import type { NotificationFieldsFragment } from '../../../../client/generated/gql/graphql';
import { useMarkNotificationsReadMutation, useNotificationsQuery } from '../../../../client/generated/hooks';
import { ErrorNotice } from '../components/error-notice';
import { LoadMore } from '../components/load-more';
import { PageHeading } from '../components/page-heading';
import { formatDateTime } from '../format';
import { Link, paths } from '../router';

const PAGE_SIZE = 20;

function describe(notification: NotificationFieldsFragment): string {
  const actor = notification.actorDisplayName ?? 'Someone';
  switch (notification.kind) {
    case 'COMMENT_ON_MY_POST':
      return `${actor} commented on your post`;
    case 'REPLY_TO_MY_COMMENT':
      return `${actor} replied to your comment`;
    case 'MESSAGE':
      return `${actor} sent you a message`;
    case 'HOT_POST':
      return 'Your post is hot';
    default:
      return 'New notification';
  }
}

/** Where a notification leads: its conversation or its post (null once unreadable). */
function target(notification: NotificationFieldsFragment): string | null {
  if (notification.conversation) return paths.conversation(notification.conversation.id);
  if (notification.post) return paths.post(notification.post.id);
  return null;
}

const storeUnreadCount = (cache: ApolloCache<unknown>, count: number | undefined) =>
  count !== undefined && cache.modify({ id: 'ROOT_QUERY', fields: { unreadNotificationCount: () => count } });

export function NotificationsScreen() {
  const { data, loading, error, fetchMore, networkStatus } = useNotificationsQuery({ variables: { first: PAGE_SIZE }, notifyOnNetworkStatusChange: true });
  const [markRead, marking] = useMarkNotificationsReadMutation({
    update: (cache, { data: result }) => void storeUnreadCount(cache, result?.markNotificationsRead),
    refetchQueries: ['Notifications'],
  });
  const page = data?.notifications;
  const mark = (input: { ids: string[] } | { all: true }) => void markRead({ variables: { input } }).catch(() => undefined);
  return (
    <>
      <PageHeading title="Notifications" />
      <ErrorNotice error={error ?? marking.error} />
      {loading && !page && <p aria-busy="true">Loading notifications…</p>}
      {page && page.edges.length === 0 && <p>No notifications.</p>}
      {(data?.unreadNotificationCount ?? 0) > 0 && (
        <button type="button" onClick={() => mark({ all: true })} disabled={marking.loading}>
          Mark all read
        </button>
      )}
      <ul className="cards notifications" aria-label="Notifications">
        {page?.edges.map(({ node: notification }) => {
          const to = target(notification);
          return (
            <li key={notification.id} className={notification.readAt ? undefined : 'unread'}>
              {to ? <Link to={to}>{describe(notification)}</Link> : describe(notification)}
              {notification.post && <span className="muted"> · {notification.post.title}</span>}
              <p className="meta">
                <time dateTime={notification.createdAt}>{formatDateTime(notification.createdAt)}</time>
                {!notification.readAt && (
                  <>
                    {' · '}
                    <button type="button" className="link" onClick={() => mark({ ids: [notification.id] })} disabled={marking.loading}>
                      Mark read
                    </button>
                  </>
                )}
              </p>
            </li>
          );
        })}
      </ul>
      {page?.pageInfo.hasNextPage && (
        <LoadMore label="Load more notifications" loading={networkStatus === NetworkStatus.fetchMore} onLoad={() => void fetchMore({ variables: { after: page.pageInfo.endCursor } })} />
      )}
    </>
  );
}
