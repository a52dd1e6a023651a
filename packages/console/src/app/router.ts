import { useSyncExternalStore } from 'react';

/** A tiny hash router: `#/orders/123?x=1` is path '/orders/123' with query x=1. */
export interface HashLocation {
  path: string;
  query: URLSearchParams;
}

export function parseHash(hash: string): HashLocation {
  const text = hash.replace(/^#/, '');
  const mark = text.indexOf('?');
  const rawPath = mark === -1 ? text : text.slice(0, mark);
  const path = `/${rawPath.replace(/^\/+/, '')}`.replace(/(.)\/+$/, '$1');
  return { path, query: new URLSearchParams(mark === -1 ? '' : text.slice(mark + 1)) };
}

/** The params of `pattern` ('/orders/:id') in `path`, or null when it does not match. */
export function matchRoute(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const have = path.split('/');
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of want.entries()) {
    const actual = have[index] as string;
    if (part.startsWith(':')) {
      if (actual === '') return null;
      try {
        params[part.slice(1)] = decodeURIComponent(actual);
      } catch {
        return null;
      }
    } else if (part !== actual) return null;
  }
  return params;
}

/** '/orders' with { status: 'confirmed' } → '/orders?status=confirmed'; empty values left out. */
export function pathWith(path: string, query: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) search.set(key, value);
  const text = search.toString();
  return text === '' ? path : `${path}?${text}`;
}

export function href(path: string): string {
  return `#${path}`;
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) {
    history.replaceState(null, '', href(path));
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else window.location.hash = path;
}

const subscribe = (callback: () => void) => {
  window.addEventListener('hashchange', callback);
  return () => window.removeEventListener('hashchange', callback);
};

export function useHashLocation(): HashLocation {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseHash(hash);
}
