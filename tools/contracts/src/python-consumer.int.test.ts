// Proof across languages: a Python consumer (confluent-kafka, jsonschema) reads the orders
// topic and validates every event against the committed JSON Schemas alone.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { KafkaOrderMessagingService, OrderPlacedV2, ordersTopic, TacoOrder, toOrderPlaced, TypedProducer } from '@tacocloud/messaging';
import { createTopics, produceRaw, SAMPLE_ORDER, testKafka, uniqueName } from '@tacocloud/messaging/testing';
import { describe, expect, inject, it } from 'vitest';
import { schemasDir } from './paths.js';

const script = fileURLToPath(new URL('../python/consume_orders.py', import.meta.url));
const PYTHON = '/usr/bin/python3';

async function assertPythonClients(): Promise<void> {
  try {
    await promisify(execFile)(PYTHON, ['-c', 'import confluent_kafka, jsonschema']);
  } catch {
    throw new Error('This test needs Python with confluent-kafka and jsonschema: apt-get install python3-confluent-kafka python3-jsonschema (.ci/run installs them).');
  }
}

describe('a Python consumer of the orders topic', () => {
  it('should validate every OrderPlaced v1 and v2 event against the committed JSON Schema, and reject a foreign one', async () => {
    await assertPythonClients();
    const brokers = inject('kafkaBrokers');
    const kafka = testKafka(brokers);
    const name = uniqueName('orders');
    await createTopics(kafka, [ordersTopic({ name, partitions: 3 })]);
    const ids: string[] = [];
    for (const version of [1, 2] as const) {
      const topic = ordersTopic({ name, partitions: 3, writeVersion: version });
      const producer = new TypedProducer({ kafka, defaultTopic: topic });
      await producer.start();
      const service = new KafkaOrderMessagingService(producer, topic);
      for (let i = 0; i < 5; i++) ids.push((await service.sendOrder(TacoOrder.parse(SAMPLE_ORDER))).orderId);
      await producer.stop();
    }
    const bogusId = crypto.randomUUID();
    const v2 = { 'message-type': 'OrderPlaced', 'message-version': '2' };
    // A field added within the version later on, which zod readers pass over: Python must too.
    const withNewField = { ...toOrderPlaced(TacoOrder.parse(SAMPLE_ORDER), { orderId: crypto.randomUUID(), placedAt: new Date() }, 2), loyaltyId: 'L-42' };
    expect(OrderPlacedV2.safeParse(withNewField).success).toBe(true);
    ids.push(withNewField.orderId);
    await produceRaw(kafka, name, [
      { key: bogusId, value: JSON.stringify({ orderId: bogusId }), headers: v2 },
      { key: withNewField.orderId, value: JSON.stringify(withNewField), headers: v2 },
    ]);

    const { stdout } = await promisify(execFile)(PYTHON, [script, brokers, name, '12', schemasDir], { timeout: 90_000 });
    const result = JSON.parse(stdout.trim().split('\n').pop()!) as { valid: { orderId: string; version: string }[]; invalid: { error: string }[] };
    expect(result.valid.map((v) => v.orderId).sort()).toEqual([...ids].sort());
    expect(result.valid.filter((v) => v.version === '2')).toHaveLength(6);
    expect(result.invalid).toHaveLength(1);
    expect(result.invalid[0]?.error).toMatch(/'delivery' is a required property/);
  });
});
