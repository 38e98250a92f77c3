// The Spring Boot peer's jar: built with Maven from tools/peers/spring once per source hash.
// The first build downloads Spring Boot's dependencies from Maven Central into ~/.m2.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { findJava } from '@tacocloud/kafka-tools';
import { distDir, peersRoot, removeStale, sourceHash, tail } from './build-cache.js';

/** A cold ~/.m2 took about 20 s here; ten minutes means Maven is stuck, not slow. */
const MAVEN_TIMEOUT_MS = 600_000;
const JAR_PREFIX = 'spring-peer-';

export function ensureSpringJar(log: (line: string) => void = () => undefined, env: NodeJS.ProcessEnv = process.env): string {
  const name = `${JAR_PREFIX}${sourceHash(['spring/pom.xml', 'spring/src'])}.jar`;
  const jar = join(distDir, name);
  if (existsSync(jar)) return jar;

  const mvn = env['MAVEN_CMD'] ?? 'mvn';
  log('Building the Spring Boot peer with Maven (the first build downloads its dependencies)...');
  const started = Date.now();
  const buildDir = join(distDir, `spring-build-${process.pid}`);
  const result = spawnSync(
    mvn,
    ['-B', '-q', '-f', join(peersRoot, 'spring', 'pom.xml'), 'package', '-DskipTests', `-Dpeer.build.dir=${buildDir}`],
    {
      encoding: 'utf8',
      env,
      timeout: MAVEN_TIMEOUT_MS,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (result.error || result.status !== 0) {
    rmSync(buildDir, { recursive: true, force: true });
    const why =
      (result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT'
        ? `Maven (\`${mvn}\`) was not found: install it (Debian: apt-get install maven)`
        : result.error
          ? `Maven did not finish within ${MAVEN_TIMEOUT_MS / 1000} s (${result.error.message})`
          : `Maven failed with exit code ${result.status}`;
    throw new Error(`Could not build the Spring Boot peer: ${why}.\n${tail(`${result.stdout ?? ''}${result.stderr ?? ''}`, 20)}`);
  }
  // Copied under a temporary name, then renamed: a concurrent run never sees half a jar.
  mkdirSync(distDir, { recursive: true });
  const partial = `${jar}.${process.pid}.partial`;
  copyFileSync(join(buildDir, 'spring-peer.jar'), partial);
  renameSync(partial, jar);
  rmSync(buildDir, { recursive: true, force: true });
  removeStale(JAR_PREFIX, name);
  log(`Spring Boot peer built in ${Math.round((Date.now() - started) / 1000)} s: ${jar}`);
  return jar;
}

/** The command line that runs the peer; JVM flags first (e.g. the heap). */
export function springCommand(jar: string, jvmArgs: readonly string[] = []): [string, string[]] {
  return [findJava().java, [...jvmArgs, '-jar', jar]];
}
