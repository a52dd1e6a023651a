import { fileURLToPath } from 'node:url';

/**
 * Node flags that run `entry`: a TypeScript entry (a test fixture, or a tool run from
 * source) goes through tsx with workspace packages resolved to their source, as the
 * tests see them; compiled JavaScript runs on plain node, as in production.
 */
export function runnerArgs(entry: string): string[] {
  return entry.endsWith('.ts') ? ['--conditions=@sagaflow/source', '--import', 'tsx'] : [];
}

/**
 * The module `name` beside the calling module (`from`: its import.meta.url), in the
 * same form as the caller: its .ts source when the caller runs from source, else its
 * compiled .js. A child process then runs the code its parent runs.
 */
export function siblingEntry(from: string, name: string): { entry: string; execArgv: string[] } {
  const extension = new URL(from).pathname.endsWith('.ts') ? '.ts' : '.js';
  const entry = fileURLToPath(new URL(`./${name}${extension}`, from));
  return { entry, execArgv: runnerArgs(entry) };
}
