import { readFile } from 'node:fs/promises';
import type { ConnectionOptions } from 'node:tls';
import type { SASLOptions } from 'kafkajs';
import { SecurityConfigError } from './env-settings.js';
import { type KafkaSecuritySettings, kafkaSecurityVariables, type SecretSource } from './kafka-security.js';
import { type PostgresTlsSettings, postgresTlsVariables } from './postgres-tls.js';

async function readSetting(path: string, variable: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new SecurityConfigError(
      `${variable}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      [variable],
    );
  }
}

async function secretOf(source: SecretSource, variable: string): Promise<string> {
  if ('value' in source) return source.value;
  // A mounted secret usually ends in a newline that is not part of the password.
  const value = (await readSetting(source.file, variable)).replace(/\r?\n$/, '');
  if (value === '') throw new SecurityConfigError(`${variable}: ${source.file} is empty`, [variable]);
  return value;
}

type TlsFiles = NonNullable<KafkaSecuritySettings['tls']>;

async function tlsOptions(
  tls: TlsFiles,
  variables: { caFile: string; certFile: string; keyFile: string },
): Promise<ConnectionOptions> {
  // rejectUnauthorized is Node's default; spelt out because it is the point.
  const options: ConnectionOptions = { rejectUnauthorized: true };
  if (tls.caFile !== undefined) options.ca = await readSetting(tls.caFile, variables.caFile);
  if (tls.client !== undefined) {
    options.cert = await readSetting(tls.client.certFile, variables.certFile);
    options.key = await readSetting(tls.client.keyFile, variables.keyFile);
  }
  return options;
}

/** kafkajs's `ssl` and `sasl` options: the files read now, so a missing one fails start-up by name. */
export async function kafkaConnectOptions(
  settings: KafkaSecuritySettings,
): Promise<{ ssl?: ConnectionOptions; sasl?: SASLOptions }> {
  const v = kafkaSecurityVariables;
  const ssl = settings.tls === undefined ? undefined : await tlsOptions(settings.tls, v);
  const sasl =
    settings.sasl === undefined
      ? undefined
      : ({
          mechanism: settings.sasl.mechanism,
          username: settings.sasl.username,
          password: await secretOf(
            settings.sasl.password,
            'file' in settings.sasl.password ? v.passwordFile : v.password,
          ),
        } as SASLOptions);
  return { ...(ssl === undefined ? {} : { ssl }), ...(sasl === undefined ? {} : { sasl }) };
}

/** node-postgres's pool options: `ssl: false` too, so PGSSLMODE cannot turn on a mode nobody checked. */
export async function postgresConnectOptions(
  settings: PostgresTlsSettings,
): Promise<{ connectionString: string; ssl: ConnectionOptions | false }> {
  return {
    connectionString: settings.connectionString,
    ssl: settings.tls === undefined ? false : await tlsOptions(settings.tls, postgresTlsVariables),
  };
}
