// The typed producer under concurrency, on the real broker: every send it acknowledged is in
// the topic exactly once, at the partition and offset it reported.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { toOrderPlaced } from '../orders/to-order-placed.js';
import { TacoOrder } from '@tacocloud/contract';
import { createTopics, readRecords, SAMPLE_ORDER, testKafka, uniqueName } from '../testing/index.js';
import { ordersTopic } from '../topics/orders.js';
import { TypedProducer } from './typed-producer.js';

describe('TypedProducer', () => {
  const kafka = testKafka(inject('kafkaBrokers'));
  const producer = new TypedProducer({ kafka });
  afterAll(() => producer.stop());

  it('should put every acknowledged record in the topic once, where its receipt says, under 10,000 concurrent sends', async () => {
    const topic = ordersTopic({ name: uniqueName('orders'), partitions: 6 });
    await createTopics(kafka, [topic]);
    await producer.start();
    const order = TacoOrder.parse(SAMPLE_ORDER);
    const events = Array.from({ length: 10_000 }, () => toOrderPlaced(order, { orderId: crypto.randomUUID(), placedAt: new Date() }));

    const receipts = await Promise.all(events.map((event) => producer.send(topic, event)));

    const records = await readRecords(kafka, topic.name, events.length);
    const stored = new Map(records.map((r) => [`${r.partition}:${r.offset}`, r.key]));
    expect(records).toHaveLength(events.length);
    expect(stored.size).toBe(events.length);
    expect(receipts.every((receipt, i) => stored.get(`${receipt.partition}:${receipt.offset}`) === events[i]!.orderId)).toBe(true);
  });
});
