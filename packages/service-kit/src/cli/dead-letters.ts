import { type CliService, deadLettersUsage, parseDeadLetterArgs } from './dead-letters-args.js';
import { formatDeadLetterAnswer } from './dead-letters-format.js';
import { deadLetterRequest } from './dead-letters-requests.js';
import { requestFailure, sendCliRequest, writeCliOutput } from './http.js';

/**
 * `dead-letters ...` of a service's admin CLI, run to its exit code: 0 done, 1 the
 * service refused (its problem on stderr) or could not be reached, 2 a usage error.
 */
export async function runDeadLettersCli(
  argv: string[],
  env: Record<string, string | undefined>,
  service: CliService,
): Promise<number> {
  let command: ReturnType<typeof parseDeadLetterArgs>;
  try {
    command = parseDeadLetterArgs(argv, env, service);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${deadLettersUsage(service)}`);
    return 2;
  }
  try {
    const answer = await sendCliRequest(command.url, command.token, deadLetterRequest(command));
    return writeCliOutput(formatDeadLetterAnswer(command, answer));
  } catch (error) {
    console.error(requestFailure(command.url, error));
    return 1;
  }
}
