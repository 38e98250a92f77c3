// The topic provisioning entry point as a Job runs it; its Kafka side is ensureTopics, tested
// against a real broker in libs/messaging.
import { fileURLToPath } from 'node:url';
import { runTypeScript } from '@tacocloud/messaging/testing';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('provision-main', () => {
  it('should exit 1 naming the variable when the configuration is wrong, before any Kafka connection', async () => {
    // Under prod as the Job runs it, which mounts no idempotency secret: order-api's alone.
    const run = runTypeScript(
      'apps/order-api/src/provision-main.ts',
      { APP_PROFILE: 'prod', KAFKA_BROKERS: '127.0.0.1:9', ORDERS_TOPIC_PARTITIONS: '-1', IDEMPOTENCY_SECRET: undefined },
      root,
    );
    expect(await run.exited).toBe(1);
    await run.waitForLine(/ORDERS_TOPIC_PARTITIONS: must be a whole number \(got '-1'\)/);
    expect(run.lines[0]).toBe('order-topics: Invalid configuration:');
    expect(run.lines.join('\n')).not.toMatch(/kafkajs|ECONNREFUSED|IDEMPOTENCY_SECRET/);
  });
});
