// Where tools/kafka keeps jars, data and logs: all under the git-ignored `.kafka/` folder.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const toolRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const workspaceRoot = resolve(toolRoot, '..', '..');
export const pomFile = join(toolRoot, 'pom.xml');

/** Root of everything this tool writes; override with KAFKA_TOOL_HOME (e.g. for CI caches). */
export function kafkaHome(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env['KAFKA_TOOL_HOME'] ?? join(workspaceRoot, '.kafka'));
}

export function clusterDir(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(kafkaHome(env), 'clusters', name);
}

export function jarsDir(kafkaVersion: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(kafkaHome(env), 'jars', kafkaVersion);
}
