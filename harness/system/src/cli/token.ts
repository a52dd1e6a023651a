/**
 * pnpm token — mints a bearer token for a stack whose secret you hold (docker
 * compose, say), from AUTH_JWT_SECRET, AUTH_ISSUER and AUTH_AUDIENCE in the env.
 * `pnpm start` prints its own tokens; this is for the other stacks.
 */
import { parseArgs } from 'node:util';
import { LocalAuth } from '@sagaflow/testkit';

const usage = `Usage: AUTH_JWT_SECRET=… pnpm token --role operator|customer --subject ID [--hours N]

Prints one HS256 token signed with AUTH_JWT_SECRET, for AUTH_ISSUER and
AUTH_AUDIENCE (default sagaflow and sagaflow, as docker-compose.yml). A customer's
subject is its customer id; an operator's is who the audit records.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      role: { type: 'string' },
      subject: { type: 'string' },
      hours: { type: 'string', default: '12' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const secret = process.env.AUTH_JWT_SECRET;
  const hours = Number(values.hours);
  const problem =
    secret === undefined || secret === ''
      ? 'AUTH_JWT_SECRET is not set'
      : values.role !== 'operator' && values.role !== 'customer'
        ? '--role must be operator or customer'
        : values.subject === undefined || values.subject === ''
          ? '--subject is required'
          : !(hours > 0)
            ? '--hours must be a positive number'
            : undefined;
  if (problem !== undefined) {
    console.error(`${problem}\n\n${usage}`);
    return 2;
  }
  const auth = new LocalAuth({
    issuer: process.env.AUTH_ISSUER || 'sagaflow',
    audience: process.env.AUTH_AUDIENCE || 'sagaflow',
    secret,
  });
  const roles = [values.role as string];
  console.log(await auth.mint({ subject: values.subject as string, roles, expiresInSeconds: hours * 3600 }));
  return 0;
}

process.exitCode = await main();
