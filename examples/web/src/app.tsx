import { useState } from 'react';
import { useSession, useViewer } from './auth/session-context';
import { NotificationsLink } from './components/notifications-link';
import { PageHeading } from './components/page-heading';
import { useInbox } from './live/messages';
import { Link, matchRoute, paths, usePath, type Route } from './router';
import { BoardScreen } from './screens/board';
import { BoardsScreen } from './screens/boards';
import { ConversationScreen, MessagesScreen } from './screens/messages';
import { NotificationsScreen } from './screens/notifications';
import { PostScreen } from './screens/post';
import { ProjectsScreen } from './screens/projects';
import { SignInScreen } from './screens/sign-in';

export function App() {
  const { state } = useSession();
  if (state.status === 'restoring') {
    return (
      <main className="centered" aria-busy="true">
        <p>Loading…</p>
      </main>
    );
  }
  if (state.status === 'signed-out') return <SignInScreen reason={state.reason} />;
  return <SignedIn />;
}

function SignedIn() {
  const route = matchRoute(usePath());
  // Live for as long as the viewer is signed in: messages here, notifications in the header.
  useInbox();
  return (
    <>
      <Header route={route} />
      <main id="main">
        <Screen route={route} />
      </main>
    </>
  );
}

function Screen({ route }: { route: Route }) {
  switch (route.screen) {
    case 'boards':
      return <BoardsScreen />;
    case 'board':
      return <BoardScreen key={route.boardId} boardId={route.boardId} />;
    case 'post':
      return <PostScreen key={route.postId} postId={route.postId} />;
    case 'projects':
      return <ProjectsScreen />;
    case 'messages':
      return <MessagesScreen />;
    case 'conversation':
      return <ConversationScreen key={route.conversationId} conversationId={route.conversationId} />;
    case 'notifications':
      return <NotificationsScreen />;
    case 'not-found':
      return <PageHeading title="Page not found" />;
  }
}

function Header({ route }: { route: Route }) {
  const viewer = useViewer();
  const { session } = useSession();
  const [signingOut, setSigningOut] = useState(false);
  const signOut = (everywhere: boolean) => {
    setSigningOut(true);
    void session.signOut({ everywhere }).finally(() => setSigningOut(false));
  };
  const inCommunity = route.screen === 'boards' || route.screen === 'board' || route.screen === 'post';
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav aria-label="Main">
        <ul>
          <li>
            <Link to={paths.boards()} aria-current={inCommunity ? 'page' : undefined}>
              Boards
            </Link>
          </li>
          <li>
            <Link to={paths.projects()} aria-current={route.screen === 'projects' ? 'page' : undefined}>
              Projects
            </Link>
          </li>
          <li>
            <Link to={paths.messages()} aria-current={route.screen === 'messages' || route.screen === 'conversation' ? 'page' : undefined}>
              Messages
            </Link>
          </li>
          <li>
            <NotificationsLink current={route.screen === 'notifications'} />
          </li>
        </ul>
      </nav>
      <div className="account">
        <span>
          Signed in as <strong>{viewer.nickname}</strong>
        </span>
        <button type="button" onClick={() => signOut(false)} disabled={signingOut}>
          Sign out
        </button>
        <button type="button" onClick={() => signOut(true)} disabled={signingOut}>
          Sign out everywhere
        </button>
      </div>
    </header>
  );
}
