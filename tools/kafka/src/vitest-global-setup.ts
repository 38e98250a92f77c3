// Vitest global setup: gives every test file a real Kafka. With KAFKA_BROKERS set it uses
// that cluster; otherwise it starts a fresh single broker for this run on its own ports
// (so it never collides with a dev cluster on 9092) and stops it afterwards, even when the
// run fails or is interrupted (the watchdog tied to this process covers a hard kill).
import type { TestProject } from 'vitest/node';
import { startCluster, stopCluster } from './cluster.js';

/**
 * Test cluster ports: 29092 (client) and 29192 (controller): apart from a dev cluster on
 * 9092, and below the ephemeral range, where the tests' own client sockets could take them.
 */
const TEST_PORT = 29092;
const TEST_CLUSTER = 'test';

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const external = process.env['KAFKA_BROKERS']?.trim();
  if (external) {
    project.provide('kafkaBrokers', external);
    return undefined;
  }
  const cluster = await startCluster({
    name: TEST_CLUSTER,
    basePort: TEST_PORT,
    fresh: true,
    ownerPid: process.pid,
    log: (line) => console.log(`[kafka] ${line}`),
  });
  project.provide('kafkaBrokers', cluster.bootstrap);
  return () => stopCluster({ name: TEST_CLUSTER });
}
