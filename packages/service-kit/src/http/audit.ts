import { Type } from '@sinclair/typebox';
import { ProblemError } from './problem.js';

/**
 * Free text for an audit trail. Refused: NUL, which a Postgres text column cannot
 * hold (the insert failed, a 500); lone surrogates, which UTF-8 cannot encode, so
 * the text would be stored altered; other control characters, which have no place
 * in an audit line. The text may span lines.
 */
export const auditText = (maxLength: number, description: string) =>
  Type.String({
    minLength: 1,
    maxLength,
    pattern: '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F\\uD800-\\uDFFF]+$',
    description,
  });

/** The body of an operator action: it says only why; who is the token's subject. */
export const OperatorReasonBody = Type.Object(
  { reason: auditText(1000, 'Why: recorded with the action') },
  { additionalProperties: false },
);

// By code points, as the schemas count: an astral character is one character, never two halves.
// biome-ignore lint/complexity/useRegexLiterals: as a literal it names control characters, which lint refuses.
const actorText = new RegExp('^[^\\u0000-\\u001F\\u007F\\uD800-\\uDFFF]+$', 'u');
const maxActorLength = 100;

/**
 * Who acts is the token's subject, never the body's word. A subject an audit line
 * cannot hold as it is (NUL, control characters, over 100 characters) is refused
 * rather than stored altered.
 */
export function auditActor(subject: string): string {
  if (!actorText.test(subject) || [...subject].length > maxActorLength)
    throw new ProblemError(403, 'Forbidden', 'Forbidden: the token’s subject cannot be recorded as an actor');
  return subject;
}
