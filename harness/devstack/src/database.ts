import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { StackInfo } from './types.js';

const maxIdentifierBytes = 63;

/** URL of another database on the same server and with the same credentials. */
export function databaseUrlFor(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}

/**
 * CREATE DATABASE, dropping (and disconnecting) an existing one of that name
 * first; returns its URL.
 */
export async function createDatabase(info: StackInfo, name: string): Promise<string> {
  // Postgres would silently truncate a longer name, and the URL would then point elsewhere.
  if (name === '' || Buffer.byteLength(name) > maxIdentifierBytes) {
    throw new Error(`database name must be 1-${maxIdentifierBytes} bytes: ${JSON.stringify(name)}`);
  }
  const client = new pg.Client({ connectionString: info.databaseUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const identifier = client.escapeIdentifier(name);
    await client.query(`DROP DATABASE IF EXISTS ${identifier} WITH (FORCE)`);
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE ${identifier}`);
        break;
      } catch (error) {
        // 55006: template1 is briefly in use by a concurrent CREATE DATABASE.
        if ((error as { code?: string }).code !== '55006' || attempt >= 10) throw error;
        await sleep(50 * attempt);
      }
    }
  } finally {
    await client.end();
  }
  return databaseUrlFor(info.databaseUrl, name);
}
