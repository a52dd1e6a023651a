/**
 * Where a page of dead letters (newest first) ends: the last one's failure time, to
 * the microsecond as Postgres keeps it (a JS Date would round it and skip or repeat
 * rows), and its id for the ties. Opaque to clients: base64url of `<instant>~<uuid>`.
 */
export interface DeadLetterCursor {
  /** UTC, `YYYY-MM-DDTHH:MM:SS.ffffffZ`. */
  failedAt: string;
  id: string;
}

const instantPattern = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\.(\d{6})Z$/;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Longest cursor encodeCursor writes (27 + 1 + 36 characters, in base64url): what a route may bound it by. */
export const maxCursorLength = Math.ceil(((27 + 1 + 36) * 4) / 3);

export function encodeCursor(cursor: DeadLetterCursor): string {
  return Buffer.from(`${cursor.failedAt}~${cursor.id}`, 'utf8').toString('base64url');
}

/**
 * The cursor a client sent back, or undefined for one encodeCursor did not write;
 * checked whole, so nothing Postgres would refuse (a 13th month) reaches a query.
 */
export function decodeCursor(text: string): DeadLetterCursor | undefined {
  if (text.length > maxCursorLength || !/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  const [failedAt, id, ...rest] = Buffer.from(text, 'base64url').toString('utf8').split('~');
  if (failedAt === undefined || id === undefined || rest.length > 0) return undefined;
  const instant = instantPattern.exec(failedAt);
  if (instant === null || !uuidPattern.test(id)) return undefined;
  const date = new Date(`${instant[1]}Z`);
  // A real instant since the epoch: what Date made of it reads back the same.
  if (Number.isNaN(date.getTime()) || date.getTime() < 0) return undefined;
  if (date.toISOString().slice(0, 19) !== instant[1]) return undefined;
  return { failedAt, id };
}
