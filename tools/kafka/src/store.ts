// Where a local cluster lives and how it is laid out: its folder, and cluster.json with the
// broker count, ports and cluster id it was created with.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KafkaToolError } from './errors.js';
import { DEFAULT_LISTENER_GROUP, DEFAULT_ORDERS_TOPIC } from '@tacocloud/messaging';
import { bootstrapServers, CONTROLLER_PORT_OFFSET, nodesOf, type ClusterLayout, type NodeLayout, type SecurityLayout } from './layout.js';
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
  /** Absent: plaintext. */
  security?: SecurityLayout;
}

/** `plaintext` (the default): anyone who reaches the port may do anything. `sasl_ssl`: see security.ts. */
export type SecurityOption = 'plaintext' | 'sasl_ssl';
export const SECURITY_OPTIONS: readonly SecurityOption[] = ['plaintext', 'sasl_ssl'];

export interface LayoutOptions {
  brokers?: number;
  basePort?: number;
  /** Controller port of node 1; defaults to the existing cluster's, else basePort + 100. */
  controllerBasePort?: number;
  /** Defaults to the existing cluster's, else plaintext. */
  security?: SecurityOption;
  /** The orders topic the ACLs name (its DLT is `<topic>.DLT`); secured clusters only. */
  ordersTopic?: string;
  /** The listener's consumer group the ACLs name; secured clusters only. */
  listenerGroup?: string;
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
  return runningCluster(ctx, layout);
}

export function runningCluster(ctx: Context, layout: ClusterLayout): RunningCluster {
  const nodes = nodesOf(layout, ctx.dir);
  return { name: ctx.name, dir: ctx.dir, bootstrap: bootstrapServers(nodes), nodes, ...(layout.security && { security: layout.security }) };
}

/** The layout asked for: the existing one (which must agree), or a new one written to cluster.json. */
export function planLayout(ctx: Context, options: LayoutOptions): ClusterLayout {
  const existing = readLayout(ctx.dir);
  const brokers = options.brokers ?? existing?.brokers ?? 1;
  const basePort = options.basePort ?? existing?.basePort ?? DEFAULT_PORT;
  const controllerBasePort = options.controllerBasePort ?? existing?.controllerBasePort;
  const security = options.security ?? (existing ? securityOf(existing) : 'plaintext');
  if (brokers !== 1 && brokers !== 3) {
    throw new KafkaToolError(`--brokers must be 1 or 3, not ${brokers}.`, 'use `--brokers 1` or `--brokers 3`.');
  }
  if (!SECURITY_OPTIONS.includes(security)) {
    throw new KafkaToolError(
      `--security must be plaintext or sasl_ssl, not '${security}'.`,
      'use `--security sasl_ssl` for a secured cluster.',
    );
  }
  if (security === 'plaintext' && (options.ordersTopic !== undefined || options.listenerGroup !== undefined)) {
    throw new KafkaToolError(
      '--orders-topic and --listener-group name ACLs, which only a secured cluster has.',
      'add `--security sasl_ssl`.',
    );
  }
  if (
    existing &&
    (existing.brokers !== brokers ||
      existing.basePort !== basePort ||
      controllerPortOf(existing) !== (controllerBasePort ?? basePort + CONTROLLER_PORT_OFFSET) ||
      securityOf(existing) !== security)
  ) {
    throw new KafkaToolError(
      `Cluster '${ctx.name}' was set up as ${describe(existing.brokers, existing.basePort, securityOf(existing))}; asked for ${describe(brokers, basePort, security)}${
        controllerPortOf(existing) !== (controllerBasePort ?? basePort + CONTROLLER_PORT_OFFSET) ? ' with other controller ports' : ''
      }.`,
      'add --fresh to wipe it and start anew, or drop --brokers/--port/--controller-port/--security to start it as it was.',
    );
  }
  const layout: ClusterLayout = existing ?? {
    name: ctx.name,
    brokers,
    basePort,
    ...(controllerBasePort !== undefined && { controllerBasePort }),
    clusterId: newClusterId(),
  };
  if (security === 'sasl_ssl') {
    // The ACLs are applied at every start, so other names simply add theirs.
    layout.security = {
      protocol: 'SASL_SSL',
      ordersTopic: options.ordersTopic ?? existing?.security?.ordersTopic ?? DEFAULT_ORDERS_TOPIC,
      listenerGroup: options.listenerGroup ?? existing?.security?.listenerGroup ?? DEFAULT_LISTENER_GROUP,
    };
  }
  mkdirSync(ctx.dir, { recursive: true });
  writeFileSync(layoutFile(ctx.dir), `${JSON.stringify(layout, null, 2)}\n`);
  return layout;
}

function controllerPortOf(layout: ClusterLayout): number {
  return layout.controllerBasePort ?? layout.basePort + CONTROLLER_PORT_OFFSET;
}

function securityOf(layout: ClusterLayout): SecurityOption {
  return layout.security ? 'sasl_ssl' : 'plaintext';
}

function describe(brokers: number, basePort: number, security: SecurityOption): string {
  return `${brokers} ${security} broker(s) on port ${basePort}`;
}

/** A Kafka cluster id is 16 random bytes in URL-safe base64; one starting with '-' reads as a flag. */
function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
