/**
 * A consumer's dead letter replayed through the inbox whose message was refused or
 * whose handler threw again. Thrown out of the transaction, so that it rolls back:
 * the inbox entry, the handler's writes and the mark all go, and the dead letter
 * stays unhandled.
 */
export class HandlingFailedError extends Error {
  constructor(
    readonly deadLetterId: string,
    problem: string,
    options?: ErrorOptions,
  ) {
    super(problem, options);
    this.name = 'HandlingFailedError';
  }
}
