// What an operator (or a fault test) does to one broker: stop, kill, pause, resume, restart.
import { KafkaToolError } from './errors.js';
import { findJava } from './java.js';
import { ensureJars } from './jars.js';
import type { NodeLayout } from './layout.js';
import { assertPortsFree } from './ports.js';
import { launch, stopNode } from './brokers.js';
import { livePid, signal } from './processes.js';
import { READY_TIMEOUT_MS, waitForBrokers } from './readiness.js';
import { contextOf, loadCluster, type ClusterOptions } from './store.js';

export type NodeAction = 'stop' | 'kill' | 'pause' | 'resume' | 'restart';

export async function nodeAction(id: number, action: NodeAction, options: ClusterOptions = {}): Promise<void> {
  const ctx = contextOf(options);
  const cluster = loadCluster(options);
  const node = cluster.nodes.find((n) => n.id === id);
  if (!node) {
    throw new KafkaToolError(`Cluster '${ctx.name}' has no broker ${id}.`, `use an id from 1 to ${cluster.nodes.length}.`);
  }
  const pid = livePid(node.pidFile, node.propertiesFile);
  switch (action) {
    case 'stop':
      return stopNode(ctx, node);
    case 'kill':
      if (pid === undefined) return notRunning(node);
      signal(pid, 'SIGKILL');
      ctx.log(`Killed broker ${node.id} (pid ${pid}) with SIGKILL.`);
      return;
    case 'pause':
    case 'resume':
      if (pid === undefined) return notRunning(node);
      signal(pid, action === 'pause' ? 'SIGSTOP' : 'SIGCONT');
      ctx.log(`${action === 'pause' ? 'Paused' : 'Resumed'} broker ${node.id} (pid ${pid}).`);
      return;
    case 'restart': {
      await stopNode(ctx, node);
      const toolchain = findJava(ctx.env);
      await assertPortsFree([node]);
      launch(ctx, toolchain, ensureJars(ctx.log, ctx.env), node);
      await waitForBrokers(cluster, [node.id], READY_TIMEOUT_MS);
      ctx.log(`Broker ${node.id} is back in the cluster.`);
      return;
    }
  }
}

function notRunning(node: NodeLayout): never {
  throw new KafkaToolError(`Broker ${node.id} is not running.`, `start it with \`npm run kafka -- restart ${node.id}\`.`);
}
