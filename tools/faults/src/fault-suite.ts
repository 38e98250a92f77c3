// Runs fault scenarios on a fresh 3-broker cluster of their own, one after another, and
// prints the table of figures. The checks are the promises of docs/clusters.md: no order
// answered 202 is lost, no 202 while the cluster cannot take writes
// (503 instead), and no answer other than 202 or 503.
import { startCluster, stopCluster, type RunningCluster } from '@tacocloud/kafka-tools';
import type { RunningProcess } from '@tacocloud/messaging/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fault } from './faults.js';
import { formatResults, runScenario, type ScenarioResult } from './scenario.js';

export interface FaultSuiteOptions {
  title: string;
  /** The tools/kafka cluster name; its data lives under that name. */
  cluster: string;
  /** Client port of broker 1 (below the ephemeral port range); controllers are 100 above. */
  basePort: number;
  faults: readonly Fault[];
}

export function faultSuite({ title, cluster: name, basePort, faults }: FaultSuiteOptions): void {
  describe(title, () => {
    let cluster: RunningCluster;
    const processes: RunningProcess[] = [];
    const results: ScenarioResult[] = [];

    beforeAll(async () => {
      cluster = await startCluster({ name, brokers: 3, basePort, fresh: true, ownerPid: process.pid });
    }, 180_000);
    afterAll(async () => {
      console.log(`\n${formatResults(results)}\n`);
      await Promise.all(processes.map((p) => p.stop('SIGKILL')));
      await stopCluster({ name });
    }, 120_000);

    faults.forEach((fault, index) => {
      it(
        `${index + 1}. ${fault.name}, a listener replica SIGKILLed during it: no order answered 202 is lost`,
        { timeout: 600_000 },
        async () => {
          const result = await runScenario(fault, cluster, processes);
          results.push({ ...result, name: `${index + 1}. ${result.name}` });
          const evidence = result.outageEvidence.join('\n');
          if (evidence) console.log(`\n${index + 1}. ${result.name}:\n${evidence}\n`);
          expect(result.lost).toBe(0);
          expect(result.acceptedWhileUnwritable, evidence).toBe(0);
          if (result.hadOutage) expect(result.unavailable).toBeGreaterThan(0);
          expect(result.other).toBe(0);
          expect(result.accepted).toBeGreaterThan(0);
        },
      );
    });
  });
}
