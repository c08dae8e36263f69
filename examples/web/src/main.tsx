import { ApolloProvider } from '@apollo/client';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { Session } from './auth/session';
import { SessionProvider } from './auth/session-context';
import './styles.css';

const session = new Session();
// Resume the session of the refresh cookie before anything asks for data.
void session.restore();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionProvider session={session}>
      <ApolloProvider client={session.client}>
        <App />
      </ApolloProvider>
    </SessionProvider>
  </StrictMode>,
);
