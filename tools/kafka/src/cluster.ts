// Starting and stopping a local KRaft cluster made of broker JVMs; the other concerns live in
// their own modules (store, ports, storage, brokers, watchdog, readiness, node actions, status).
import { existsSync, rmSync } from 'node:fs';
import { launch, stopNode } from './brokers.js';
import { findJava } from './java.js';
import { ensureJars } from './jars.js';
import { nodesOf } from './layout.js';
import { assertPortsFree, warnIfEphemeral } from './ports.js';
import { livePid } from './processes.js';
import { READY_TIMEOUT_MS, waitForBrokers } from './readiness.js';
import { prepareSecurity, provisionSecuredCluster } from './secured-cluster.js';
import { formatStorage } from './storage.js';
import {
  contextOf,
  layoutFile,
  loadCluster,
  planLayout,
  runningCluster,
  type ClusterOptions,
  type Context,
  type LayoutOptions,
  type RunningCluster,
} from './store.js';
import { spawnWatchdog } from './watchdog.js';

export interface StartOptions extends ClusterOptions, LayoutOptions {
  /** Defaults to the existing cluster's layout, else 1. */
  brokers?: number;
  /** Client port of node 1; defaults to the existing cluster's, else 9092. */
  basePort?: number;
  /** Wipe data and logs first. */
  fresh?: boolean;
  /** Stop the cluster when this process exits, however it exits (test runs). */
  ownerPid?: number;
  readyTimeoutMs?: number;
}

export async function startCluster(options: StartOptions = {}): Promise<RunningCluster> {
  const ctx = contextOf(options);
  const toolchain = findJava(ctx.env);
  const jars = ensureJars(ctx.log, ctx.env);
  if (options.fresh) await wipe(ctx);

  const layout = planLayout(ctx, options);
  const nodes = nodesOf(layout, ctx.dir);
  const stopped = nodes.filter((node) => livePid(node.pidFile, node.propertiesFile) === undefined);
  warnIfEphemeral(nodes, ctx.log);
  await assertPortsFree(stopped);
  const security = layout.security ? prepareSecurity(ctx, nodes) : undefined;
  await formatStorage(ctx, toolchain, jars, layout, nodes, security);
  for (const node of stopped) launch(ctx, toolchain, jars, node);
  if (options.ownerPid !== undefined) spawnWatchdog(options.ownerPid, nodes);

  const cluster = runningCluster(ctx, layout);
  await waitForBrokers(
    cluster,
    nodes.map((n) => n.id),
    options.readyTimeoutMs ?? READY_TIMEOUT_MS,
  );
  await provisionSecuredCluster(cluster, ctx.log);
  return cluster;
}

async function wipe(ctx: Context): Promise<void> {
  if (existsSync(layoutFile(ctx.dir))) await stopCluster({ name: ctx.name, env: ctx.env, log: ctx.log });
  rmSync(ctx.dir, { recursive: true, force: true });
}

export async function stopCluster(options: ClusterOptions = {}): Promise<void> {
  const cluster = loadCluster(options);
  const ctx = contextOf(options);
  await Promise.all(cluster.nodes.map((node) => stopNode(ctx, node)));
}
