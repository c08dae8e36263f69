/**
 * A router of a few lines: paths in the History API, links that are real <a href>s (open in
 * a new tab, copy, middle-click all work), and focus moved to the new page's heading so that
 * screen readers announce it.
 */
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

const NAVIGATED = 'campus:navigated';

function subscribe(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  window.addEventListener(NAVIGATED, listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener(NAVIGATED, listener);
  };
}

export function usePath(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

export function navigate(to: string): void {
  if (to === window.location.pathname) return;
  window.history.pushState(null, '', to);
  window.scrollTo(0, 0);
  window.dispatchEvent(new Event(NAVIGATED));
}

export function Link({ to, ...props }: { to: string } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'>) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    props.onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a {...props} href={to} onClick={onClick} />;
}

export type Route =
  | { screen: 'boards' }
  | { screen: 'board'; boardId: string }
  | { screen: 'post'; postId: string }
  | { screen: 'projects' }
  | { screen: 'messages' }
  | { screen: 'conversation'; conversationId: string }
  | { screen: 'notifications' }
  | { screen: 'not-found' };

export function matchRoute(path: string): Route {
  if (path === '/' || path === '/boards') return { screen: 'boards' };
  if (path === '/projects') return { screen: 'projects' };
  if (path === '/messages') return { screen: 'messages' };
  if (path === '/notifications') return { screen: 'notifications' };
  const [, kind, id, rest] = path.split('/');
  if (id && rest === undefined && kind === 'boards') return { screen: 'board', boardId: decodeURIComponent(id) };
  if (id && rest === undefined && kind === 'posts') return { screen: 'post', postId: decodeURIComponent(id) };
  if (id && rest === undefined && kind === 'messages') return { screen: 'conversation', conversationId: decodeURIComponent(id) };
  return { screen: 'not-found' };
}

export const paths = {
  boards: () => '/',
  board: (id: string) => `/boards/${encodeURIComponent(id)}`,
  post: (id: string) => `/posts/${encodeURIComponent(id)}`,
  projects: () => '/projects',
  messages: () => '/messages',
  conversation: (id: string) => `/messages/${encodeURIComponent(id)}`,
  notifications: () => '/notifications',
};
