import { type FormEvent, useEffect, useId, useState } from 'react';
import { signInProblem, storeToken } from '../auth.js';
import { navigate } from '../router.js';

/** A pasted bearer token, or one in the link `pnpm start` prints: #/sign-in?token=… */
export function SignInPage({ query }: { query: URLSearchParams }) {
  const linkToken = query.get('token');
  const [token, setToken] = useState('');
  const inputId = useId();
  const problem = signInProblem();

  useEffect(() => {
    if (linkToken !== null && linkToken.trim() !== '') {
      storeToken(linkToken);
      navigate('/orders', { replace: true });
    }
  }, [linkToken]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (token.trim() === '') return;
    storeToken(token);
    navigate('/orders');
  };

  return (
    <main id="main" className="sign-in">
      <h1>Sign in to the sagaflow console</h1>
      {problem !== null && (
        <p className="error" role="alert" data-testid="sign-in-problem">
          ⚠ You were signed out: {problem}
        </p>
      )}
      <form onSubmit={submit}>
        <label htmlFor={inputId}>Operator bearer token</label>
        <input
          id={inputId}
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(event) => setToken(event.target.value)}
        />
        <p className="hint">
          An operator token, e.g. from <code>pnpm token</code> or the link <code>pnpm start</code> prints. It
          is kept in this tab only.
        </p>
        <button type="submit" disabled={token.trim() === ''}>
          Sign in
        </button>
      </form>
    </main>
  );
}
