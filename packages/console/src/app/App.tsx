import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { ConfigProvider } from './api/config.js';
import { forgetToken, storedToken, subjectOf } from './auth.js';
import { AnnounceProvider } from './components/common.js';
import { DeadLetterPage } from './pages/DeadLetterPage.js';
import { OrderPage } from './pages/OrderPage.js';
import { OrdersPage } from './pages/OrdersPage.js';
import { OutboxesPage } from './pages/OutboxesPage.js';
import { SagasPage } from './pages/SagasPage.js';
import { SignInPage } from './pages/SignInPage.js';
import { href, matchRoute, navigate, useHashLocation } from './router.js';

const sections = [
  { path: '/orders', label: 'Orders' },
  { path: '/sagas', label: 'Stuck sagas' },
  { path: '/outboxes', label: 'Outboxes & dead letters' },
];

export function App() {
  const location = useHashLocation();
  const token = storedToken();
  const signingIn = location.path === '/sign-in';

  useEffect(() => {
    if (!signingIn && token === null) navigate('/sign-in', { replace: true });
    else if (location.path === '/') navigate('/orders', { replace: true });
  }, [signingIn, token, location.path]);

  if (signingIn || token === null) return <SignInPage query={location.query} />;
  return (
    <AnnounceProvider>
      <Header token={token} path={location.path} />
      <main id="main">
        <ConfigProvider>
          <Page path={location.path} query={location.query} />
        </ConfigProvider>
      </main>
    </AnnounceProvider>
  );
}

function Header({ token, path }: { token: string; path: string }) {
  const client = useQueryClient();
  const subject = subjectOf(token);
  return (
    <header className="top">
      <button type="button" className="skip" onClick={skipToMain}>
        Skip to content
      </button>
      <span className="brand">sagaflow console</span>
      <nav aria-label="Sections">
        <ul>
          {sections.map((section) => (
            <li key={section.path}>
              <a
                href={href(section.path)}
                aria-current={
                  path === section.path || path.startsWith(`${section.path}/`) ? 'page' : undefined
                }
              >
                {section.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <span className="who" data-testid="signed-in-subject">
        Signed in as <strong>{subject ?? 'an unnamed token'}</strong>
      </span>
      <button
        type="button"
        className="secondary"
        onClick={() => {
          forgetToken();
          client.clear();
          navigate('/sign-in');
        }}
      >
        Sign out
      </button>
    </header>
  );
}

/** A button, not a link to #main: the hash is the router's. */
function skipToMain() {
  const main = document.getElementById('main');
  main?.setAttribute('tabindex', '-1');
  main?.focus();
}

function Page({ path, query }: { path: string; query: URLSearchParams }) {
  if (path === '/orders') return <OrdersPage query={query} />;
  const order = matchRoute('/orders/:id', path);
  if (order?.id !== undefined) return <OrderPage key={order.id} id={order.id} />;
  if (path === '/sagas') return <SagasPage />;
  if (path === '/outboxes') return <OutboxesPage query={query} />;
  const deadLetter = matchRoute('/outboxes/:service/dead-letters/:id', path);
  if (deadLetter?.service !== undefined && deadLetter.id !== undefined)
    return <DeadLetterPage service={deadLetter.service} id={deadLetter.id} />;
  return (
    <section>
      <h1>Not found</h1>
      <p>
        Nothing lives at <code>{path}</code>. <a href={href('/orders')}>Go to the orders</a>.
      </p>
    </section>
  );
}
