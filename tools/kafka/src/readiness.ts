// Knowing when started brokers are ready: each answers on its own listener with every wanted
// node registered.
import { setTimeout as delay } from 'node:timers/promises';
import { KafkaToolError } from './errors.js';
import type { NodeLayout } from './layout.js';
import { tailFile } from './logs.js';
import { describeCluster, type ClientAuth } from './probe.js';
import { toolAuth } from './secured-cluster.js';
import { brokerExited } from './processes.js';
import type { RunningCluster } from './store.js';

/** First start JIT-compiles a lot of Scala on 2 cores; 90 s leaves room for three JVMs at once. */
export const READY_TIMEOUT_MS = 90_000;

/**
 * Waits until each wanted node answers on its own listener with metadata that lists every
 * wanted node. Asking the node itself matters after a restart: the rest of the cluster may
 * still list a killed broker's old registration for a few seconds.
 */
export async function waitForBrokers(cluster: RunningCluster, ids: number[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const wanted = cluster.nodes.filter((node) => ids.includes(node.id));
  const auth = toolAuth(cluster);
  for (;;) {
    for (const node of wanted) {
      if (brokerExited(node.pidFile, node.propertiesFile)) {
        throw new KafkaToolError(
          `Broker ${node.id} exited during start-up. Last lines of ${node.logFile}:\n${tailFile(node.logFile, 30)}`,
          'read the log above; `npm run kafka -- start --fresh` wipes data that no longer matches the configuration.',
        );
      }
    }
    const ready = await Promise.all(wanted.map((node) => answersWith(node, ids, auth)));
    if (ready.every(Boolean)) return;
    if (Date.now() > deadline) {
      const late = wanted.filter((_, index) => !ready[index]).map((node) => node.id);
      throw new KafkaToolError(
        `Broker(s) ${late.join(', ')} did not answer with every broker registered within ${timeoutMs / 1000} s.`,
        'see `npm run kafka -- logs`; the machine may be overloaded.',
      );
    }
    await delay(250);
  }
}

async function answersWith(node: NodeLayout, ids: number[], auth: ClientAuth): Promise<boolean> {
  const view = await describeCluster([`${node.host}:${node.port}`], undefined, auth).catch(() => undefined);
  const registered = new Set(view?.brokers.map((b) => b.nodeId));
  return view !== undefined && ids.every((id) => registered.has(id));
}
