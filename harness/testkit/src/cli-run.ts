import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export interface CliRun {
  /** The exit status: 0, or the failing one. */
  code: number;
  /** Standard output, a line each, without the final newline. */
  out: string[];
  err: string;
}

/**
 * Runs a built CLI as an operator does, a Node process of its own, with `env` on top
 * of this process's. A non-zero exit is an answer, not an error.
 */
export async function runCli(
  entry: string,
  args: readonly string[],
  env: Record<string, string>,
): Promise<CliRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [entry, ...args], {
      env: { ...process.env, ...env },
    });
    return { code: 0, out: stdout.trimEnd().split('\n'), err: stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout.trimEnd().split('\n'), err: failed.stderr };
  }
}
