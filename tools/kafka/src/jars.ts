// Resolves the official Apache Kafka jars from Maven Central into a local folder: the
// broker's classpath. Later runs find the folder complete and never touch the network.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KafkaToolError } from './errors.js';
import { findMaven } from './java.js';
import { jarsDir, pomFile } from './paths.js';

const COMPLETE_MARKER = '.complete';

/** The Kafka version pinned in tools/kafka/pom.xml: the single place it is written. */
export function kafkaVersion(): string {
  const match = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(readFileSync(pomFile, 'utf8'));
  if (!match?.[1]) throw new Error(`no <kafka.version> in ${pomFile}`);
  return match[1];
}

/** Returns the folder holding every jar Kafka needs, downloading them on first use. */
export function ensureJars(log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): string {
  const version = kafkaVersion();
  const dir = jarsDir(version, env);
  const pomHash = createHash('sha256').update(readFileSync(pomFile)).digest('hex');
  const marker = join(dir, COMPLETE_MARKER);
  if (existsSync(marker) && readFileSync(marker, 'utf8') === pomHash) return dir;

  const mvn = findMaven(env);
  log(`Resolving Apache Kafka ${version} jars from Maven Central (first run only)...`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const result = spawnSync(
    mvn,
    ['-B', '-q', '-f', pomFile, 'dependency:copy-dependencies', `-DoutputDirectory=${dir}`, '-DincludeScope=runtime'],
    { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    const output = `${result.stdout}${result.stderr}`;
    throw new KafkaToolError(
      `Maven could not resolve the Kafka ${version} jars${looksOffline(output) ? ' (Maven Central is unreachable)' : ''}:\n${tail(output, 15)}`,
      looksOffline(output)
        ? 'the first run needs network access to Maven Central (or a Maven mirror in ~/.m2/settings.xml); later runs work offline.'
        : `run \`mvn -f ${pomFile} dependency:copy-dependencies\` to see the full Maven error.`,
    );
  }
  if (!readdirSync(dir).some((file) => file.startsWith('kafka_2.13-'))) {
    throw new KafkaToolError(`Maven finished but ${dir} holds no kafka_2.13 jar.`, `delete ${dir} and try again.`);
  }
  writeFileSync(marker, pomHash);
  return dir;
}

function looksOffline(output: string): boolean {
  return /UnknownHost|Could not transfer|Connection refused|Network is unreachable|timed out|offline/i.test(output);
}

function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
