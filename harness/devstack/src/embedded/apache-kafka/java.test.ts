import { describe, expect, it } from 'vitest';
import { findJava, javaBinary, missingJavaMessage, missingMavenMessage, parseJavaMajor } from './java.js';

describe('parseJavaMajor', () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['openjdk version "25" 2025-09-16 LTS', 25],
    ['java version "1.8.0_392"', 8],
    ['openjdk version "21-ea" 2023-09-19', 21],
  ])('%s is %i', (output, major) => {
    expect(parseJavaMajor(output)).toBe(major);
  });

  it('is undefined for output that names no version', () => {
    expect(parseJavaMajor('Error: could not find libjava.so')).toBeUndefined();
  });
});

describe('javaBinary', () => {
  it('prefers JAVA_HOME', () => {
    expect(javaBinary({ JAVA_HOME: '/usr/lib/jvm/x' })).toBe('/usr/lib/jvm/x/bin/java');
    expect(javaBinary({})).toBe('java');
  });
});

describe('findJava', () => {
  it('is undefined where there is no java at all', async () => {
    await expect(findJava({ JAVA_HOME: '/nonexistent' })).resolves.toBeUndefined();
  });
});

describe('prerequisite messages', () => {
  it('name the package to install, on one line', () => {
    expect(missingJavaMessage).toContain('apt-get install -y openjdk-17-jre-headless');
    expect(missingMavenMessage).toContain('apt-get install -y maven');
    for (const message of [missingJavaMessage, missingMavenMessage]) expect(message).not.toContain('\n');
  });
});
