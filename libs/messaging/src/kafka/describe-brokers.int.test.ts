import { describe, expect, inject, it } from 'vitest';
import { describeBrokers } from './describe-brokers.js';

describe('describeBrokers', () => {
  it('should list the registered brokers and the controller, skipping an address that does not answer', async () => {
    const view = await describeBrokers({ brokers: ['127.0.0.1:1', ...inject('kafkaBrokers').split(',')], clientId: 'test' }, 3_000);
    expect(view.brokers).toHaveLength(1);
    expect(view.brokers[0]).toMatchObject({ nodeId: expect.any(Number), host: expect.any(String), port: expect.any(Number) });
    expect(view.controllerId).toEqual(expect.any(Number));
  });

  it('should say which addresses failed and why when none answers', async () => {
    await expect(describeBrokers({ brokers: ['127.0.0.1:1'], clientId: 'test' }, 1_000)).rejects.toThrow(
      /no broker answered \(127\.0\.0\.1:1: .*ECONNREFUSED/,
    );
  });
});
