import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where `vite build` (`pnpm --filter @sagaflow/console run build:app`) puts the
 * console's static files: what the order service serves under /console/. The same
 * folder from the source (src/index.ts) and from the compiled dist/index.js.
 */
export function consoleAssetsDir(): string {
  return fileURLToPath(new URL('../dist/app', import.meta.url));
}

/** Whether the console has been built: its index.html is there. */
export function consoleBuilt(): boolean {
  return existsSync(join(consoleAssetsDir(), 'index.html'));
}
