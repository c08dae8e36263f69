import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { Session, SessionState, Viewer } from './session';

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ session, children }: { session: Session; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): { session: Session; state: SessionState } {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession needs a <SessionProvider>');
  const state = useSyncExternalStore(session.subscribe, session.getState);
  return { session, state };
}

/** The signed-in viewer; only for screens shown while signed in. */
export function useViewer(): Viewer {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useViewer outside a signed-in screen');
  return state.viewer;
}
