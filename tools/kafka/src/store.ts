// Where a local cluster lives and how it is laid out: its folder, and cluster.json with the
// broker count, ports and cluster id it was created with.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KafkaToolError } from './errors.js';
import { bootstrapServers, nodesOf, type ClusterLayout, type NodeLayout } from './layout.js';
import { clusterDir } from './paths.js';

export interface ClusterOptions {
  name?: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

export interface RunningCluster {
  name: string;
  dir: string;
  bootstrap: string;
  nodes: NodeLayout[];
}

const DEFAULT_NAME = 'dev';
const DEFAULT_PORT = 9092;

export interface Context {
  name: string;
  dir: string;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
}

export function contextOf(options: ClusterOptions): Context {
  const name = options.name ?? DEFAULT_NAME;
  const env = options.env ?? process.env;
  return { name, dir: clusterDir(name, env), env, log: options.log ?? (() => undefined) };
}

export function layoutFile(dir: string): string {
  return join(dir, 'cluster.json');
}

export function readLayout(dir: string): ClusterLayout | undefined {
  const file = layoutFile(dir);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ClusterLayout) : undefined;
}

/** Returns the cluster's layout; throws when it has never been started. */
export function loadCluster(options: ClusterOptions = {}): RunningCluster {
  const ctx = contextOf(options);
  const layout = readLayout(ctx.dir);
  if (!layout) {
    throw new KafkaToolError(`No local Kafka cluster '${ctx.name}' here.`, 'start one with `npm run kafka -- start`.');
  }
  const nodes = nodesOf(layout, ctx.dir);
  return { name: ctx.name, dir: ctx.dir, bootstrap: bootstrapServers(nodes), nodes };
}

/** The layout asked for: the existing one (which must agree), or a new one written to cluster.json. */
export function planLayout(ctx: Context, options: { brokers?: number; basePort?: number }): ClusterLayout {
  const existing = readLayout(ctx.dir);
  const brokers = options.brokers ?? existing?.brokers ?? 1;
  const basePort = options.basePort ?? existing?.basePort ?? DEFAULT_PORT;
  if (brokers !== 1 && brokers !== 3) {
    throw new KafkaToolError(`--brokers must be 1 or 3, not ${brokers}.`, 'use `--brokers 1` or `--brokers 3`.');
  }
  if (existing && (existing.brokers !== brokers || existing.basePort !== basePort)) {
    throw new KafkaToolError(
      `Cluster '${ctx.name}' was set up with ${existing.brokers} broker(s) on port ${existing.basePort}; asked for ${brokers} on ${basePort}.`,
      'add --fresh to wipe it and start anew, or drop --brokers/--port to start it as it was.',
    );
  }
  if (existing) return existing;
  const layout: ClusterLayout = { name: ctx.name, brokers, basePort, clusterId: newClusterId() };
  mkdirSync(ctx.dir, { recursive: true });
  writeFileSync(layoutFile(ctx.dir), `${JSON.stringify(layout, null, 2)}\n`);
  return layout;
}

/** A Kafka cluster id is 16 random bytes in URL-safe base64; one starting with '-' reads as a flag. */
function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
