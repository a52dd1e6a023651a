import { eq } from 'drizzle-orm';
import { deadLetters } from '../schema/tables.js';
import { type DeadLetter, type DeadLetterReader, deadLetterOf } from './view.js';

/** One dead letter with its envelope or raw value; undefined for an unknown id (a uuid). */
export async function readDeadLetter(db: DeadLetterReader, id: string): Promise<DeadLetter | undefined> {
  const [row] = await db.select().from(deadLetters).where(eq(deadLetters.id, id));
  return row === undefined ? undefined : deadLetterOf(row);
}
