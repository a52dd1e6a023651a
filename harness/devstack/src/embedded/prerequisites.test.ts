import { describe, expect, it } from 'vitest';
import {
  firstErrorLine,
  isLibrdkafkaMissing,
  missingCompilerMessage,
  missingLibrdkafkaMessage,
} from './prerequisites.js';

describe('prerequisite messages', () => {
  it('name the package to install, on one line', () => {
    expect(missingCompilerMessage('cc')).toContain('install gcc (apt-get install -y gcc)');
    expect(missingLibrdkafkaMessage).toContain('apt-get install -y librdkafka-dev');
    for (const message of [missingCompilerMessage('cc'), missingLibrdkafkaMessage]) {
      expect(message).not.toContain('\n');
    }
  });
});

describe('isLibrdkafkaMissing', () => {
  it.each([
    'kafka-mock.c:19:10: fatal error: librdkafka/rdkafka.h: No such file or directory',
    'kafka-mock.c:21:10: fatal error: librdkafka/rdkafka_mock.h: No such file or directory',
    '/usr/bin/ld: cannot find -lrdkafka: No such file or directory',
  ])('recognises %j', (output) => {
    expect(isLibrdkafkaMissing(output)).toBe(true);
  });

  it('leaves other compile errors alone', () => {
    expect(isLibrdkafkaMissing("kafka-mock.c:40:3: error: expected ';' before 'return'")).toBe(false);
  });
});

describe('firstErrorLine', () => {
  it('picks the line that names the error', () => {
    expect(firstErrorLine("In function 'main':\nkafka-mock.c:3:1: error: boom\n")).toBe(
      'kafka-mock.c:3:1: error: boom',
    );
  });

  it('falls back to the first line, then to a placeholder', () => {
    expect(firstErrorLine('\nsegfault\n')).toBe('segfault');
    expect(firstErrorLine('')).toBe('no output');
  });
});
