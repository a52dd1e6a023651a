/**
 * pnpm poison — two records no relay of ours writes (one not JSON, one of a type
 * nobody knows) onto the topic a service consumes, for a running system such as
 * `pnpm start`'s: they end as that service's dead letters, for the console.
 */
import { parseArgs } from 'node:util';
import { type PoisonedService, poisonedServices, poisonTopicOf } from '../console/poison-records.js';

const usage = `Usage: pnpm poison --brokers HOST:PORT[,…] [--service ${poisonedServices.join('|')}] [--topic-prefix P]

Sends a record that is not JSON and an envelope of an unknown type onto the topic the
service consumes (default inventory); its consumer dead-letters both.`;

async function main(): Promise<number> {
  let values: { brokers?: string; service?: string; 'topic-prefix'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: {
        brokers: { type: 'string' },
        service: { type: 'string', default: 'inventory' },
        'topic-prefix': { type: 'string', default: '' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const service = values.service as PoisonedService;
  if (values.brokers === undefined || !poisonedServices.includes(service)) {
    console.error(
      `${values.brokers === undefined ? '--brokers is required' : `--service is one of ${poisonedServices.join(', ')}`}\n\n${usage}`,
    );
    return 2;
  }
  const keys = await poisonTopicOf(service, values.brokers.split(','), values['topic-prefix'] ?? '');
  console.log(
    `sent 2 poison records to ${keys.topic} (keys ${keys.notJson}, ${keys.unknownType}): see ${service}'s dead letters`,
  );
  return 0;
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(`poison failed: ${(error as Error).message}`);
  return 1;
});
