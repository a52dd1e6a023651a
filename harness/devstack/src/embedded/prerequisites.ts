/** A missing tool or library: the message is one line that says what to install. */
export class PrerequisiteError extends Error {
  override name = 'PrerequisiteError';
}

export const missingCompilerMessage = (compiler: string): string =>
  `sagaflow devstack: no C compiler (${compiler}) to build the Kafka mock launcher; install gcc (apt-get install -y gcc)`;

export const missingLibrdkafkaMessage =
  'sagaflow devstack: librdkafka headers (librdkafka/rdkafka_mock.h) are missing; install them: apt-get install -y librdkafka-dev';

/** Whether a failed compile was caused by librdkafka's headers or library being absent. */
export function isLibrdkafkaMissing(compilerOutput: string): boolean {
  return /rdkafka(_mock)?\.h|-lrdkafka|librdkafka/i.test(compilerOutput);
}

/** The first line of compiler output that names an error, for a readable message. */
export function firstErrorLine(compilerOutput: string): string {
  const lines = compilerOutput.split('\n').map((line) => line.trim());
  return lines.find((line) => /error/i.test(line)) ?? lines.find((line) => line !== '') ?? 'no output';
}
