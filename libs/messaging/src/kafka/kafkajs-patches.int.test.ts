import { describe, expect, inject, it } from 'vitest';
import { silentLogger } from '../logger.js';
import { uniqueName } from '../testing/kafka.js';
import { createKafkaClient } from './client.js';

describe('kafkajs request queue patch', () => {
  // Regression: every connection re-armed a negative timer while idle (a 1 ms polling loop),
  // which Node 24 reports as a TimeoutNegativeWarning at every start.
  it('a client made by createKafkaClient should connect, produce and disconnect without a TimeoutNegativeWarning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    try {
      const kafka = createKafkaClient({ brokers: inject('kafkaBrokers').split(','), clientId: uniqueName('patch'), logger: silentLogger });
      const admin = kafka.admin();
      await admin.connect();
      await admin.describeCluster();
      await admin.disconnect();
      await new Promise((resolve) => process.nextTick(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((warning) => warning.startsWith('TimeoutNegativeWarning'))).toEqual([]);
  });
});
