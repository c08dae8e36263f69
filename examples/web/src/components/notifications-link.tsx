/**
 * The header's link to the notifications, with the unread count as a badge. The count is
 * `unreadNotificationCount`; `notificationAdded` (over the socket, for as long as the viewer is
 * signed in) makes this tab read it again, with the notification list if it is on screen.
 * Reading the count costs one small request per notification and is always exact, where
 * adding one locally would drift (a notification read in another tab, an event missed while
 * the socket reconnected).
 */
import { useApolloClient } from '@apollo/client';
import { useNotificationAddedSubscription, useUnreadNotificationCountQuery } from '../../../../client/generated/hooks';
import { Link, paths } from '../router';

/** The queries that show notifications or their count. */
const NOTIFICATION_QUERIES = new Set(['UnreadNotificationCount', 'Notifications']);

export function NotificationsLink({ current }: { current: boolean }) {
  const client = useApolloClient();
  const { data } = useUnreadNotificationCountQuery();
  useNotificationAddedSubscription({
    onData: () => void client.refetchQueries({ include: 'active', onQueryUpdated: (query) => NOTIFICATION_QUERIES.has(query.queryName ?? '') }).catch(() => undefined),
  });
  const unread = data?.unreadNotificationCount ?? 0;
  return (
    <Link to={paths.notifications()} aria-current={current ? 'page' : undefined}>
      Notifications
      {unread > 0 && (
        <>
          <span className="badge" aria-hidden="true">
            {unread}
          </span>
          <span className="visually-hidden">, {unread} unread</span>
        </>
      )}
    </Link>
  );
}
