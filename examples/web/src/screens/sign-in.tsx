import { useState, type FormEvent } from 'react';
import { useLoginMutation } from '../../../../client/generated/hooks';
import { useSession } from '../auth/session-context';
import { ErrorNotice } from '../components/error-notice';
import { PageHeading } from '../components/page-heading';

/** The accounts `npm run db:seed` creates (prisma/seed.ts), all with one password. */
export const DEMO_PASSWORD = 'campus-demo-1234';
const DEMO_ACCOUNTS = [
  { username: 'minji', who: '민지, 한국대학교 (has projects and tasks)' },
  { username: 'junho', who: '준호, 한국대학교' },
  { username: 'seoyeon', who: '서연, 한국대학교' },
  { username: 'dohyun', who: '도현, 바다대학교' },
  { username: 'admin', who: '관리자, 한국대학교, STAFF' },
];

const REASONS = {
  expired: 'Your session has ended. Please sign in again.',
  'signed-out-elsewhere': 'You signed out in another tab.',
};

export function SignInScreen({ reason }: { reason?: keyof typeof REASONS }) {
  const { session } = useSession();
  const [login, { loading, error }] = useLoginMutation();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // Errors are shown from the hook's `error`; an ApolloError here needs no other handling.
    const { data } = await login({ variables: { input: { login: name, password } } }).catch(() => ({ data: undefined }));
    if (data) session.signedIn(data.login);
  };

  return (
    <main className="centered narrow">
      <PageHeading title="Sign in to Campus" />
      {reason && <p role="status">{REASONS[reason]}</p>}
      <form onSubmit={(event) => void submit(event)} aria-describedby={error ? 'sign-in-error' : undefined}>
        <label>
          Username or e-mail
          <input name="login" autoComplete="username" required value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />
        </label>
        <div id="sign-in-error">
          <ErrorNotice error={error} />
        </div>
        <button type="submit" disabled={loading}>
          {loading ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <section aria-labelledby="demo-accounts">
        <h2 id="demo-accounts">Demo accounts</h2>
        <p>
          Seeded by <code>npm run example:web</code>, all with the password <code>{DEMO_PASSWORD}</code>.
        </p>
        <ul className="demo-accounts">
          {DEMO_ACCOUNTS.map((account) => (
            <li key={account.username}>
              <button
                type="button"
                onClick={() => {
                  setName(account.username);
                  setPassword(DEMO_PASSWORD);
                }}
              >
                Use {account.username}
              </button>{' '}
              {account.who}
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
