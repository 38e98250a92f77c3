import type { Kafka } from 'kafkajs';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { KafkaUnavailableError } from '../errors.js';
import { toOrderPlaced } from '../orders/to-order-placed.js';
import { TypedProducer } from '../producer/typed-producer.js';
import { TacoOrder } from '../schemas/taco-order.js';
import { upcastOrderPlacedV1, type OrderPlaced } from '../schemas/order-placed.js';
import { createTopics, produceRaw, readRecords, testKafka, uniqueName } from '../testing/kafka.js';
import { SAMPLE_ORDER } from '../testing/sample-order.js';
import { waitFor } from '../testing/wait-for.js';
import { ordersTopic, type OrdersTopic } from '../topics/orders.js';
import { deadLetterTopicOf, DltHeaders } from './dead-letter.js';
import type { ListenerRecord } from './record.js';
import { TypedListener } from './typed-listener.js';

const event = (orderId = crypto.randomUUID()) => toOrderPlaced(TacoOrder.parse(SAMPLE_ORDER), { orderId, placedAt: new Date() });

describe('TypedListener', () => {
  let kafka: Kafka;
  let topic: OrdersTopic;
  const cleanups: (() => Promise<void>)[] = [];
  const handled: { message: OrderPlaced; record: ListenerRecord }[] = [];

  beforeEach(async () => {
    kafka = testKafka(inject('kafkaBrokers'));
    topic = ordersTopic({ name: uniqueName('orders'), partitions: 3 });
    await createTopics(kafka, [topic, deadLetterTopicOf(topic)]);
    handled.length = 0;
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function startProducer() {
    const producer = new TypedProducer({ kafka, defaultTopic: topic });
    await producer.start();
    cleanups.push(() => producer.stop());
    return producer;
  }

  async function startListener(handler = async (message: OrderPlaced, record: ListenerRecord) => void handled.push({ message, record }), retry = {}) {
    const listener = new TypedListener({ kafka, topic, groupId: uniqueName('group'), handler, retry });
    await listener.start();
    cleanups.push(() => listener.stop());
    return listener;
  }

  it('start should deliver each sent message with its partition, offset, timestamp, key and headers', async () => {
    const producer = await startProducer();
    await startListener();
    const sent = event();
    const result = await producer.sendDefault(sent, { correlationId: 'corr-1' });
    await waitFor(() => handled.length === 1, { message: 'the order to be handled' });
    const [{ message, record }] = handled as [(typeof handled)[number]];
    expect(message).toEqual(upcastOrderPlacedV1(sent));
    expect(record).toMatchObject({ topic: topic.name, partition: result.partition, offset: result.offset, key: sent.orderId });
    expect(record.timestamp).toBe(result.timestamp);
    expect(record.headers).toMatchObject({
      'message-type': 'OrderPlaced',
      'message-version': '1',
      'content-type': 'application/json',
      'correlation-id': 'corr-1',
    });
  });

  it('start should handle OrderPlaced v1 and v2 side by side during a migration, both as the newest shape', async () => {
    const v1Producer = await startProducer();
    const v2Topic = ordersTopic({ name: topic.name, partitions: 3, writeVersion: 2 });
    const v2Producer = new TypedProducer({ kafka, defaultTopic: v2Topic });
    await v2Producer.start();
    cleanups.push(() => v2Producer.stop());
    await startListener();
    const old = event();
    const order = TacoOrder.parse(SAMPLE_ORDER);
    const current = toOrderPlaced(order, { orderId: crypto.randomUUID(), placedAt: new Date() }, 2);
    await v1Producer.sendDefault(old);
    await v2Producer.sendDefault(current);
    await waitFor(() => handled.length === 2, { message: 'both versions to be handled' });
    const byId = new Map(handled.map((h) => [h.message.orderId, h]));
    expect(byId.get(old.orderId)?.message).toEqual(upcastOrderPlacedV1(old));
    expect(byId.get(old.orderId)?.record.headers['message-version']).toBe('1');
    expect(byId.get(current.orderId)?.message).toEqual(current);
    expect(byId.get(current.orderId)?.record.headers['message-version']).toBe('2');
  });

  it('send should reject a value that breaks the schema before it reaches Kafka', async () => {
    const producer = await startProducer();
    await expect(producer.sendDefault({ ...event(), orderId: 'not-a-uuid' })).rejects.toMatchObject({
      code: 'INVALID_MESSAGE',
      violations: [expect.objectContaining({ path: 'orderId' })],
    });
  });

  it('start should dead-letter poison records with a reason and keep handling the next ones', async () => {
    const producer = await startProducer();
    await startListener();
    const headers = { 'message-type': 'OrderPlaced', 'message-version': '1' };
    await produceRaw(kafka, topic.name, [
      { key: 'a', value: 'not json', headers, partition: 0 },
      { key: 'b', value: JSON.stringify({ orderId: 'x' }), headers, partition: 0 },
      { key: 'c', value: JSON.stringify(event()), headers: { 'message-type': 'OrderPlaced', 'message-version': '99' }, partition: 0 },
      { key: 'd', value: null, headers, partition: 0 },
    ]);
    const good = event();
    await producer.send(topic, good, { key: 'e' });
    await waitFor(() => handled.length === 1, { message: 'the valid order after the poison ones' });
    expect(handled[0]?.message.orderId).toBe(good.orderId);

    const dead = await readRecords(kafka, `${topic.name}.DLT`, 4);
    const byKey = Object.fromEntries(dead.map((record) => [record.key, record]));
    expect(byKey['a']?.headers[DltHeaders.reason]).toBe('not-json');
    expect(byKey['a']?.value?.toString()).toBe('not json');
    expect(byKey['b']?.headers[DltHeaders.reason]).toBe('schema-mismatch');
    expect(byKey['c']?.headers[DltHeaders.reason]).toBe('unknown-message-type');
    expect(byKey['d']?.headers[DltHeaders.reason]).toBe('empty-value');
    expect(byKey['a']?.headers).toMatchObject({
      [DltHeaders.originalTopic]: topic.name,
      [DltHeaders.originalPartition]: '0',
      [DltHeaders.originalOffset]: '0',
      [DltHeaders.exceptionFqcn]: 'InvalidMessageError',
    });
  });

  it('start should retry a failing handler with back-off and handle the record once it succeeds', async () => {
    const producer = await startProducer();
    let calls = 0;
    await startListener(
      async (message, record) => {
        calls++;
        if (calls <= 2) throw new KafkaUnavailableError('downstream not ready');
        handled.push({ message, record });
      },
      { initialDelayMs: 50, maxDelayMs: 100 },
    );
    await producer.sendDefault(event());
    await waitFor(() => handled.length === 1, { message: 'the order to be handled after 2 retries' });
    expect(calls).toBe(3);
  });
});
