import { and, eq, type SQL } from 'drizzle-orm';
import { type DeadLetterRow, deadLetters } from '../schema/tables.js';

/** Which dead letters: each given field must match exactly; none given matches all. */
export interface DeadLetterFilter {
  topic?: string;
  type?: string;
  source?: DeadLetterRow['source'];
  consumerGroup?: string;
}

export const deadLetterSources = ['relay', 'consumer'] as const satisfies readonly DeadLetterRow['source'][];

export function deadLetterFilterSql(filter: DeadLetterFilter = {}): SQL | undefined {
  return and(
    filter.topic === undefined ? undefined : eq(deadLetters.topic, filter.topic),
    filter.type === undefined ? undefined : eq(deadLetters.type, filter.type),
    filter.source === undefined ? undefined : eq(deadLetters.source, filter.source),
    filter.consumerGroup === undefined ? undefined : eq(deadLetters.consumerGroup, filter.consumerGroup),
  );
}
