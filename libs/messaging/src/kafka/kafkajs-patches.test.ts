import { Kafka, logLevel } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import { startHostileEndpoint, type HostileEndpoint } from '../testing/hostile-endpoints.js';
import { applyKafkaJsPatches } from './kafkajs-patches.js';

describe('applyKafkaJsPatches', () => {
  const endpoints: HostileEndpoint[] = [];
  afterEach(async () => {
    await Promise.all(endpoints.splice(0).map((endpoint) => endpoint.close()));
  });

  // Regression: kafkajs threw inside its socket's 'data' listener, ending the process.
  it.each(['negative-frame', 'http'] as const)(
    'should turn a "%s" answer into a connection error of that request at once, not an uncaught exception or a wait',
    async (behaviour) => {
      applyKafkaJsPatches();
      const endpoint = await startHostileEndpoint(behaviour);
      endpoints.push(endpoint);
      // A request timeout far above the test's own: only the patch can end the wait in time.
      const kafka = new Kafka({
        clientId: 'patch-test',
        brokers: [endpoint.address],
        logLevel: logLevel.NOTHING,
        retry: { retries: 0 },
        requestTimeout: 600_000,
      });
      const admin = kafka.admin();
      const uncaught: Error[] = [];
      const onUncaught = (error: Error) => uncaught.push(error);
      process.on('uncaughtException', onUncaught);
      try {
        await expect(admin.connect()).rejects.toThrow(/Not a Kafka response/);
      } finally {
        process.off('uncaughtException', onUncaught);
        await admin.disconnect();
      }
      expect(uncaught).toEqual([]);
    },
  );
});
