import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { PrerequisiteError } from '../prerequisites.js';

/** The oldest Java that Apache Kafka 4 runs its broker on. */
export const minimumJavaMajor = 17;

export const missingJavaMessage = `sagaflow devstack: no Java runtime for the embedded Apache Kafka; install Java ${minimumJavaMajor}+ (apt-get install -y openjdk-17-jre-headless), or set JAVA_HOME`;

export const missingMavenMessage =
  'sagaflow devstack: Maven is needed once, to fetch Apache Kafka from Maven Central; install it (apt-get install -y maven)';

export interface JavaRuntime {
  binary: string;
  major: number;
}

/**
 * The major version in `java -version` output: `openjdk version "17.0.15"` is 17,
 * `java version "1.8.0_392"` is 8, `openjdk version "25" 2025-09-16` is 25.
 */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const quoted = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(versionOutput);
  if (!quoted?.[1]) return undefined;
  const first = Number(quoted[1]);
  return first === 1 && quoted[2] ? Number(quoted[2]) : first;
}

export function javaBinary(env: NodeJS.ProcessEnv): string {
  const home = env.JAVA_HOME?.trim();
  return home ? join(home, 'bin', 'java') : 'java';
}

function versionOutput(binary: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(binary, ['-version'], { timeout: 15_000 }, (error, stdout, stderr) => {
      // `java -version` writes to stderr and exits 0; a missing binary is ENOENT.
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') resolve(undefined);
      else resolve(`${stderr}${stdout}`);
    });
  });
}

/** Undefined when there is no java to run at all; throws when it is too old to run Kafka. */
export async function findJava(env: NodeJS.ProcessEnv = process.env): Promise<JavaRuntime | undefined> {
  const binary = javaBinary(env);
  const output = await versionOutput(binary);
  if (output === undefined) return undefined;
  const major = parseJavaMajor(output);
  if (major === undefined) {
    throw new PrerequisiteError(
      `sagaflow devstack: could not read the version of ${binary} (${output.trim().split('\n')[0] ?? 'no output'}); ${missingJavaMessage}`,
    );
  }
  if (major < minimumJavaMajor) {
    throw new PrerequisiteError(
      `sagaflow devstack: ${binary} is Java ${major}, Apache Kafka needs ${minimumJavaMajor}+; install openjdk-17-jre-headless (apt-get) or point JAVA_HOME at a newer JDK`,
    );
  }
  return { binary, major };
}
