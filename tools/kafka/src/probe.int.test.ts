import { describe, expect, inject, it } from 'vitest';
import { describeCluster } from './probe.js';

describe('describeCluster', () => {
  // Regression: the probe's own kafkajs client printed a TimeoutNegativeWarning on Node 24 at
  // every `npm start` and `npm run kafka -- status` (the apps' clients were already patched).
  it('should list the brokers without a TimeoutNegativeWarning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const view = await describeCluster(inject('kafkaBrokers').split(','));
      expect(view.brokers.length).toBeGreaterThan(0);
      await new Promise((resolve) => process.nextTick(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((name) => name === 'TimeoutNegativeWarning')).toEqual([]);
  });
});
