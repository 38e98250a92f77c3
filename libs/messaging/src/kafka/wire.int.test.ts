// Regression: a hand-written request hung forever when a listed address closed the connection
// (the socket's idle timer dies with the socket), and a bad frame threw an uncaught exception.
import { afterEach, describe, expect, inject, it } from 'vitest';
import { startHostileEndpoint, type HostileBehaviour, type HostileEndpoint } from '../testing/hostile-endpoints.js';
import { describeBrokers } from './describe-brokers.js';

describe('hand-written Kafka requests', () => {
  const endpoints: HostileEndpoint[] = [];
  afterEach(async () => {
    await Promise.all(endpoints.splice(0).map((endpoint) => endpoint.close()));
  });

  const uncaught: Error[] = [];
  const onUncaught = (error: Error) => uncaught.push(error);

  it.each<HostileBehaviour>(['close', 'stall', 'negative-frame', 'foreign-frame', 'trickle'])(
    'should settle and try the next broker when the first address does "%s"',
    async (behaviour) => {
      const endpoint = await startHostileEndpoint(behaviour);
      endpoints.push(endpoint);
      process.on('uncaughtException', onUncaught);
      try {
        const view = await describeBrokers({ brokers: [endpoint.address, ...inject('kafkaBrokers').split(',')], clientId: 'test' }, 1_000);
        expect(view.brokers.length).toBeGreaterThan(0);
      } finally {
        process.off('uncaughtException', onUncaught);
      }
      expect(uncaught).toEqual([]);
    },
  );

  it('should reject, naming the address and why, when the only address misbehaves', async () => {
    const endpoint = await startHostileEndpoint('close');
    endpoints.push(endpoint);
    await expect(describeBrokers({ brokers: [endpoint.address], clientId: 'test' }, 1_000)).rejects.toThrow(
      new RegExp(`no broker answered \\(${endpoint.address}: connection closed before a whole answer\\)`),
    );
  });
});
