// What a cluster looks like right now: each node's process state and registration, the
// active controller, and the topics.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { findJava } from './java.js';
import { ensureJars } from './jars.js';
import { nodesOf } from './layout.js';
import { describeCluster } from './probe.js';
import { toolAuth } from './secured-cluster.js';
import { securityFiles } from './security.js';
import { isRunning, livePid, processState } from './processes.js';
import { contextOf, loadCluster, readLayout, type ClusterOptions, type Context, type RunningCluster } from './store.js';

export interface NodeStatus {
  id: number;
  address: string;
  pid?: number;
  state: 'running' | 'paused' | 'stopped';
  registered: boolean;
}

export interface ClusterStatus {
  name: string;
  bootstrap: string;
  nodes: NodeStatus[];
  /** Node id of the active KRaft controller (quorum leader), when the quorum answers. */
  controller?: number;
  topics: string[];
  reachable: boolean;
}

export async function clusterStatus(options: ClusterOptions = {}): Promise<ClusterStatus> {
  const ctx = contextOf(options);
  const cluster = loadCluster(options);
  const view = await describeCluster(cluster.bootstrap.split(','), undefined, toolAuth(cluster)).catch(() => undefined);
  const registered = new Set(view?.brokers.map((b) => b.nodeId));
  const nodes = cluster.nodes.map((node): NodeStatus => {
    const pid = livePid(node.pidFile, node.propertiesFile);
    const state = pid === undefined || !isRunning(pid) ? 'stopped' : processState(pid) === 'T' ? 'paused' : 'running';
    return { id: node.id, address: `${node.host}:${node.port}`, ...(pid && { pid }), state, registered: registered.has(node.id) };
  });
  const controller = view ? quorumLeader(ctx, cluster) : undefined;
  return {
    name: cluster.name,
    bootstrap: cluster.bootstrap,
    nodes,
    ...(controller !== undefined && { controller }),
    topics: view?.topics ?? [],
    reachable: view !== undefined,
  };
}

/** KRaft's active controller is the quorum leader; Kafka's own MetadataQuorumCommand reports it. */
function quorumLeader(ctx: Context, cluster: RunningCluster): number | undefined {
  const jars = ensureJars(ctx.log, ctx.env);
  const { java } = findJava(ctx.env);
  const result = spawnSync(
    java,
    [
      '-Xmx128m',
      `-Dlog4j2.configurationFile=${join(ctx.dir, 'log4j2.properties')}`,
      '-Dlog4j2.level=ERROR',
      '-cp',
      `${jars}/*`,
      'org.apache.kafka.tools.MetadataQuorumCommand',
      '--bootstrap-server',
      cluster.bootstrap,
      ...(cluster.security ? ['--command-config', securityFiles(cluster.dir).adminProperties] : []),
      'describe',
      '--status',
    ],
    { encoding: 'utf8', timeout: 30_000 },
  );
  const match = /^LeaderId:\s+(\d+)/m.exec(result.stdout ?? '');
  return match ? Number(match[1]) : undefined;
}

/** True when the cluster exists here and every one of its brokers is running. */
export function isClusterRunning(options: ClusterOptions = {}): boolean {
  const ctx = contextOf(options);
  const layout = readLayout(ctx.dir);
  if (!layout) return false;
  return nodesOf(layout, ctx.dir).every((node) => livePid(node.pidFile, node.propertiesFile) !== undefined);
}
