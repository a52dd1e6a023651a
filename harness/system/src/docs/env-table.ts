import { inventoryEnvSchema } from '@sagaflow/inventory';
import { orderEnvSchema } from '@sagaflow/order';
import { kafkaSecurityVariables, postgresTlsVariables } from '@sagaflow/outbox';
import { paymentEnvSchema } from '@sagaflow/payment';
import { commonEnvProperties } from '@sagaflow/service-kit';
import { OptionalKind, type TObject, type TSchema } from '@sinclair/typebox';

export interface EnvVariable {
  name: string;
  readBy: string;
  fallback: string;
  description: string;
}

/** The relay CLI's variables (packages/outbox/src/cli/relay-config.ts); its flags override them. */
const relayReads = new Set([
  'DATABASE_URL',
  'KAFKA_BROKERS',
  'LOG_LEVEL',
  ...Object.values(kafkaSecurityVariables),
  ...Object.values(postgresTlsVariables),
]);
/** Product variables the harness reads too: a stack given by URL (devstack's env.ts), its tools' log level. */
const harnessReads = new Set(['DATABASE_URL', 'KAFKA_BROKERS', 'LOG_LEVEL']);

/** What the harness reads: the local stack, the test runs, the tools they build. */
// fallback: as the table shows it; '' for none. These have no schema, so they are described here.
const harnessVariables: EnvVariable[] = [
  {
    name: 'SAGAFLOW_STACK',
    readBy: 'harness',
    fallback: 'unset',
    description:
      'JSON of a running stack (`pnpm devstack --json`); tools and tests use it instead of starting one',
  },
  {
    name: 'SAGAFLOW_DEVSTACK_SOURCE',
    readBy: 'harness',
    fallback: 'unset',
    description:
      '`docker` or `embedded`: where the local stack comes from; unset tries Docker, then embedded',
  },
  {
    name: 'SAGAFLOW_DEVSTACK_KAFKA',
    readBy: 'harness',
    fallback: '`apache-kafka`',
    description: '`librdkafka-mock` runs the fallback broker instead of Apache Kafka',
  },
  {
    name: 'SAGAFLOW_STACK_REPORT',
    readBy: 'harness',
    fallback: 'unset',
    description: 'A file each test project appends its stack to, as a JSON line (scripts/check.sh sets it)',
  },
  {
    name: 'MAVEN_BINARY',
    readBy: 'harness',
    fallback: '`mvn`',
    description: 'The Maven that fetches Apache Kafka from Maven Central',
  },
  {
    name: 'CC',
    readBy: 'harness',
    fallback: '`cc`',
    description: 'The C compiler of the librdkafka mock broker’s launcher',
  },
];

const services = [
  { name: 'order', schema: orderEnvSchema },
  { name: 'inventory', schema: inventoryEnvSchema },
  { name: 'payment', schema: paymentEnvSchema },
] as const;

function fallbackOf(schema: TSchema): string {
  const value: unknown = schema.default;
  if (value === undefined) return OptionalKind in schema ? 'unset' : '';
  return `\`${JSON.stringify(value)}\``;
}

function readersOf(name: string): string {
  const readers = name in commonEnvProperties ? ['services'] : [];
  for (const service of services)
    if (!(name in commonEnvProperties) && name in (service.schema as TObject).properties)
      readers.push(service.name);
  if (relayReads.has(name)) readers.push('relay');
  if (harnessReads.has(name)) readers.push('harness');
  return readers.join(', ');
}

/** Every variable any sagaflow process reads, from the schemas that validate them. */
export function envVariables(): EnvVariable[] {
  const product = new Map<string, TSchema>(Object.entries(commonEnvProperties));
  for (const service of services)
    for (const [name, schema] of Object.entries((service.schema as TObject).properties))
      if (!product.has(name)) product.set(name, schema);
  return [
    ...[...product].map(([name, schema]) => ({
      name,
      readBy: readersOf(name),
      fallback: fallbackOf(schema),
      description: schema.description ?? '',
    })),
    ...harnessVariables,
  ];
}

const escapeCell = (text: string) => text.replaceAll('|', '\\|');

export function envTableMarkdown(variables: readonly EnvVariable[] = envVariables()): string {
  return [
    '| Variable | Read by | Default | Meaning |',
    '| --- | --- | --- | --- |',
    ...variables.map(
      (variable) =>
        `| \`${variable.name}\` | ${variable.readBy} | ${escapeCell(variable.fallback) || 'required'} | ${escapeCell(variable.description)} |`,
    ),
  ].join('\n');
}

export const envTableStart = '<!-- env-table:start (pnpm docs:env writes it from the env schemas) -->';
export const envTableEnd = '<!-- env-table:end -->';

/** `readme` with the block between the markers replaced by the current table. */
export function withEnvTable(readme: string): string {
  const start = readme.indexOf(envTableStart);
  const end = readme.indexOf(envTableEnd);
  if (start < 0 || end < start) throw new Error(`README has no ${envTableStart} … ${envTableEnd} block`);
  return `${readme.slice(0, start + envTableStart.length)}\n${envTableMarkdown()}\n${readme.slice(end)}`;
}
