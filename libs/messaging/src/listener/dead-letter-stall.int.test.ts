// Regression: a record whose dead letter did not fit its DLT (huge headers or key), or a DLT
// that could not be written at all, stalled its partition for good with no clear signal.
import type { Kafka } from 'kafkajs';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type { Logger } from '../logger.js';
import { toOrderPlaced } from '../orders/to-order-placed.js';
import { TypedProducer } from '../producer/typed-producer.js';
import { DltHeaders, type OrderPlaced, SAMPLE_ORDER, TacoOrder } from '@tacocloud/contract';
import { createTopics, produceRaw, readRecords, testKafka, topicSize, uniqueName } from '../testing/kafka.js';
import { waitFor } from '../testing/wait-for.js';
import { ordersTopic, type OrdersTopic } from '../topics/orders.js';
import { deadLetterTopicOf } from './dead-letter.js';
import type { MessageHandler } from './record.js';
import { TypedListener, type TypedListenerOptions } from './typed-listener.js';

const event = () => toOrderPlaced(TacoOrder.parse(SAMPLE_ORDER), { orderId: crypto.randomUUID(), placedAt: new Date() });
const TYPE_HEADERS = { 'message-type': 'OrderPlaced', 'message-version': '1' };
/**
 * Key, value and headers of a record that fits the broker's 1,048,588-byte
 * max.message.bytes on its own but not with the dead-letter headers added.
 */
const NEAR_LIMIT_BYTES = 1_048_300;

/** A header that brings key, value and the other headers up to NEAR_LIMIT_BYTES. */
function padding(key: string, value: string): Record<string, string> {
  const others = Object.entries(TYPE_HEADERS).reduce((sum, [name, v]) => sum + name.length + v.length, 0);
  return { 'x-padding': 'p'.repeat(NEAR_LIMIT_BYTES - key.length - value.length - others - 'x-padding'.length) };
}

interface LogLine {
  level: string;
  msg: string;
}

function capturingLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: string) =>
    (fieldsOrMessage: object | string, message?: string): void =>
      void lines.push({ level, msg: typeof fieldsOrMessage === 'string' ? fieldsOrMessage : (message ?? '') });
  return { logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, lines };
}

describe('TypedListener dead letters', () => {
  let kafka: Kafka;
  let topic: OrdersTopic;
  const cleanups: (() => Promise<void>)[] = [];
  const handled: OrderPlaced[] = [];
  const record: MessageHandler<OrderPlaced> = async (message) => void handled.push(message);

  beforeEach(() => {
    kafka = testKafka(inject('kafkaBrokers'));
    topic = ordersTopic({ name: uniqueName('orders'), partitions: 3 });
    handled.length = 0;
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function startListener(options: Partial<TypedListenerOptions<OrderPlaced>> = {}) {
    const listener = new TypedListener({ kafka, topic, groupId: uniqueName('group'), handler: record, ...options });
    await listener.start();
    cleanups.push(() => listener.stop());
    return listener;
  }

  const dlt = () => `${topic.name}.DLT`;
  const wasHandled = (order: { orderId: string }) => () => handled.some((h) => h.orderId === order.orderId);

  it('a record with 1 MB of headers should be dead-lettered as too-large without them, and the next order with its key handled', async () => {
    await createTopics(kafka, [topic, deadLetterTopicOf(topic)]);
    const producer = new TypedProducer({ kafka, defaultTopic: topic });
    await producer.start();
    cleanups.push(() => producer.stop());
    const listener = await startListener();
    const oversize = JSON.stringify(event());
    const headers: Record<string, string> = { ...TYPE_HEADERS, ...padding('same-key', oversize) };
    await produceRaw(kafka, topic.name, [{ key: 'same-key', value: oversize, headers }]);
    const next = event();
    await producer.send(topic, next, { key: 'same-key' });

    await waitFor(wasHandled(next), { message: 'the order after the oversize record' });
    expect(handled.map((h) => h.orderId)).toEqual([next.orderId]);
    const [dead] = await readRecords(kafka, dlt(), 1);
    expect(dead?.key).toBe('same-key');
    expect(dead?.value?.toString()).toBe(oversize);
    expect(dead?.headers).toMatchObject({
      ...TYPE_HEADERS,
      [DltHeaders.reason]: 'too-large',
      [DltHeaders.exceptionMessage]: expect.stringMatching(/^Record headers are \d+ bytes, above the 32768-byte limit$/),
      [DltHeaders.headersDropped]: String('x-padding'.length + headers['x-padding']!.length),
    });
    expect(dead?.headers['x-padding']).toBeUndefined();
    expect(listener.stats).toMatchObject({ handled: 1, deadLettered: 1, deadLetterFailures: 0 });
  });

  it('a dead letter whose key and headers the DLT cannot hold should be written without them, not stall its partition', async () => {
    await createTopics(kafka, [topic, deadLetterTopicOf(topic)]);
    // Headers this large pass decoding here, so only the dead letter's own fit is tested.
    await startListener({ maxHeaderBytes: 2_000_000 });
    const key = 'k'.repeat(200_000);
    const headers: Record<string, string> = { ...TYPE_HEADERS, ...padding(key, 'not json') };
    const next = event();
    // One send each: together they would exceed the broker's limit for one batch.
    await produceRaw(kafka, topic.name, [{ key, value: 'not json', headers, partition: 0 }]);
    await produceRaw(kafka, topic.name, [{ key: next.orderId, value: JSON.stringify(next), headers: TYPE_HEADERS, partition: 0 }]);

    await waitFor(wasHandled(next), { message: 'the order after the poison record' });
    const [dead] = await readRecords(kafka, dlt(), 1);
    expect(dead?.key).toBeNull();
    expect(dead?.value?.toString()).toBe('not json');
    expect(dead?.headers).toMatchObject({
      ...TYPE_HEADERS,
      [DltHeaders.reason]: 'not-json',
      [DltHeaders.keyDropped]: '200000',
      [DltHeaders.headersDropped]: String('x-padding'.length + headers['x-padding']!.length),
    });
  });

  it('a DLT that does not exist should be reported in one error line and fail liveness, in the group, until it is created', async () => {
    await createTopics(kafka, [topic]);
    const { logger, lines } = capturingLogger();
    // Each wait for the DLT outlasts the session timeout: without heartbeats meanwhile, the
    // listener would be dropped from its group and join again.
    const listener = await startListener({ logger, sessionTimeoutMs: 6_000, deadLetterTimeoutMs: 8_000 });
    await waitFor(() => listener.isReady, { message: 'the listener to join its group' });
    const next = event();
    await produceRaw(kafka, topic.name, [
      { key: 'poison', value: 'not json', headers: TYPE_HEADERS, partition: 0 },
      { key: next.orderId, value: JSON.stringify(next), headers: TYPE_HEADERS, partition: 0 },
    ]);

    await waitFor(() => !listener.isLive, { message: 'liveness to fail' });
    // A second failed wait shows the retries go on without another error line.
    await waitFor(() => listener.stats.deadLetterFailures >= 2, { message: 'a second try at the dead letter' });
    expect(handled).toEqual([]);
    await createTopics(kafka, [deadLetterTopicOf(topic)]);
    await waitFor(wasHandled(next), { message: 'the order after the poison record, once the DLT exists' });
    expect(listener.isLive).toBe(true);

    const errors = lines.filter((line) => line.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.msg).toMatch(
      new RegExp(`^Cannot write dead letters to ${dlt()}: .+ Partition 0 of ${topic.name} waits at offset 0, and the liveness check fails`),
    );
    expect(lines.filter((line) => line.msg === `Dead letters are written to partition 0 of ${dlt()} again`)).toHaveLength(1);
    expect(lines.filter((line) => line.msg === 'Joined consumer group')).toHaveLength(1);
    expect(await topicSize(kafka, dlt())).toBe(1);
  });
});
