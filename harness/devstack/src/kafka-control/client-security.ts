import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { SASLOptions } from 'kafkajs';
import type { StackInfo } from '../types.js';

/**
 * kafkajs's `sasl` and `ssl` for a client of this stack: nothing for a plaintext
 * Kafka. Fresh objects each call: kafkajs writes its authentication provider into
 * the `sasl` it is given.
 */
export function kafkaClientSecurity(info: Pick<StackInfo, 'kafkaSasl' | 'kafkaTlsCaFile'>): {
  sasl?: SASLOptions;
  ssl?: ConnectionOptions;
} {
  return {
    ...(info.kafkaSasl === undefined ? {} : { sasl: { ...info.kafkaSasl } }),
    ...(info.kafkaTlsCaFile === undefined ? {} : { ssl: { ca: readFileSync(info.kafkaTlsCaFile, 'utf8') } }),
  };
}
