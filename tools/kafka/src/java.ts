// Finds a usable Java (17+) and Maven before anything is downloaded or started.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { KafkaToolError } from './errors.js';

export const MIN_JAVA = 17;

export interface Toolchain {
  java: string;
  javaVersion: number;
}

export function findJava(env: NodeJS.ProcessEnv = process.env): Toolchain {
  const java = env['JAVA_HOME'] ? join(env['JAVA_HOME'], 'bin', 'java') : 'java';
  const result = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (result.error) {
    throw new KafkaToolError(
      `Java was not found (tried \`${java}\`).`,
      `install a JDK ${MIN_JAVA} or newer (Debian: apt-get install openjdk-17-jre-headless) or set JAVA_HOME to one.`,
      { cause: result.error },
    );
  }
  const javaVersion = parseJavaVersion(`${result.stderr}${result.stdout}`);
  if (javaVersion === undefined || javaVersion < MIN_JAVA) {
    throw new KafkaToolError(
      `Apache Kafka 4 needs Java ${MIN_JAVA} or newer; \`${java} -version\` says: ${firstLine(result.stderr)}`,
      `install a JDK ${MIN_JAVA}+ and put it first on PATH, or set JAVA_HOME to it.`,
    );
  }
  return { java, javaVersion };
}

/** `java -version` prints e.g. `openjdk version "17.0.15"` or, before Java 9, `"1.8.0_392"`. */
export function parseJavaVersion(output: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(output);
  if (!match) return undefined;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}

export function findMaven(env: NodeJS.ProcessEnv = process.env): string {
  const mvn = env['MAVEN_CMD'] ?? 'mvn';
  const result = spawnSync(mvn, ['-v'], { encoding: 'utf8', env });
  if (result.error || result.status !== 0) {
    throw new KafkaToolError(
      `Maven (\`${mvn}\`) was not found; it is needed once, to download the Kafka jars.`,
      'install Apache Maven 3.6+ (Debian: apt-get install maven) and make sure `mvn -v` works.',
      { cause: result.error },
    );
  }
  return mvn;
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.trim() ?? '';
}
