import { CompressionTypes, type Kafka } from 'kafkajs';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { KafkaUnavailableError, RejectedMessageError } from '../errors.js';
import { toOrderPlaced } from '../orders/to-order-placed.js';
import { TypedProducer } from '../producer/typed-producer.js';
import { DltHeaders, type OrderPlaced, SAMPLE_ORDER, TacoOrder, upcastOrderPlacedV1 } from '@tacocloud/contract';
import { createTopics, produceRaw, readRecords, testKafka, topicSize, uniqueName } from '../testing/kafka.js';
import { findCardDataInLines } from '../testing/card-data.js';
import { waitFor } from '../testing/wait-for.js';
import { ordersTopic, type OrdersTopic } from '../topics/orders.js';
import { deadLetterTopicOf } from './dead-letter.js';
import type { ListenerRecord, MessageHandler } from './record.js';
import type { RetryPolicy } from './retry-policy.js';
import { TypedListener, type TypedListenerOptions } from './typed-listener.js';

const event = (orderId = crypto.randomUUID()) => toOrderPlaced(TacoOrder.parse(SAMPLE_ORDER), { orderId, placedAt: new Date() });
/** Short back-off so retry tests take well under a second per try. */
const FAST_RETRY: Partial<RetryPolicy> = { attempts: 3, initialDelayMs: 100, multiplier: 2, maxDelayMs: 400 };

describe('TypedListener', () => {
  let kafka: Kafka;
  let topic: OrdersTopic;
  const cleanups: (() => Promise<void>)[] = [];
  const handled: { message: OrderPlaced; record: ListenerRecord }[] = [];
  const record: MessageHandler<OrderPlaced> = async (message, meta) => void handled.push({ message, record: meta });

  beforeEach(async () => {
    kafka = testKafka(inject('kafkaBrokers'));
    topic = ordersTopic({ name: uniqueName('orders'), partitions: 3 });
    await createTopics(kafka, [topic, deadLetterTopicOf(topic)]);
    handled.length = 0;
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function startProducer(declaration: OrdersTopic = topic) {
    const producer = new TypedProducer({ kafka, defaultTopic: declaration });
    await producer.start();
    cleanups.push(() => producer.stop());
    return producer;
  }

  async function startListener(handler: MessageHandler<OrderPlaced> = record, options: Partial<TypedListenerOptions<OrderPlaced>> = {}) {
    const listener = new TypedListener({ kafka, topic, groupId: uniqueName('group'), handler, retry: FAST_RETRY, ...options });
    await listener.start();
    cleanups.push(() => listener.stop());
    return listener;
  }

  const dlt = () => `${topic.name}.DLT`;

  it('start should deliver each sent message with its partition, offset, timestamp, key and headers', async () => {
    const producer = await startProducer();
    await startListener();
    const sent = event();
    const result = await producer.sendDefault(sent, { correlationId: 'corr-1' });
    await waitFor(() => handled.length === 1, { message: 'the order to be handled' });
    const [{ message, record: meta }] = handled as [(typeof handled)[number]];
    expect(message).toEqual(upcastOrderPlacedV1(sent));
    expect(meta).toMatchObject({ topic: topic.name, partition: result.partition, offset: result.offset, key: sent.orderId });
    expect(meta.timestamp).toBe(result.timestamp);
    expect(meta.headers).toMatchObject({
      'message-type': 'OrderPlaced',
      'message-version': '1',
      'content-type': 'application/json',
      'correlation-id': 'corr-1',
      'message-id': sent.eventId,
    });
  });

  it('stop should leave the group with every handled record committed, so a new member starts after them', async () => {
    const producer = await startProducer();
    const groupId = uniqueName('group');
    const listener = new TypedListener({ kafka, topic, groupId, handler: record, retry: FAST_RETRY });
    await listener.start();
    await Promise.all(Array.from({ length: 30 }, () => producer.sendDefault(event())));
    await waitFor(() => handled.length === 30, { message: 'the 30 orders to be handled' });
    await listener.stop();
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic.name] });
      expect(offsets?.partitions.reduce((sum, { offset }) => sum + Number(offset), 0)).toBe(30);
    } finally {
      await admin.disconnect();
    }
  });

  it('start should handle OrderPlaced v1 and v2 side by side during a migration, both as the newest shape', async () => {
    const v1Producer = await startProducer();
    const v2Producer = await startProducer(ordersTopic({ name: topic.name, partitions: 3, writeVersion: 2 }));
    await startListener();
    const old = event();
    const current = toOrderPlaced(TacoOrder.parse(SAMPLE_ORDER), { orderId: crypto.randomUUID(), placedAt: new Date() }, 2);
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

  it('start should dead-letter each kind of poison record at once, with its reason, and keep handling the next ones', async () => {
    const producer = await startProducer();
    const listener = await startListener(record, { maxValueBytes: 4096 });
    const headers = { 'message-type': 'OrderPlaced', 'message-version': '1' };
    await produceRaw(kafka, topic.name, [
      { key: 'not-json', value: 'not json', headers, partition: 0 },
      { key: 'schema', value: JSON.stringify({ orderId: 'x' }), headers, partition: 0 },
      { key: 'version', value: JSON.stringify(event()), headers: { ...headers, 'message-version': '99' }, partition: 0 },
      { key: 'type', value: JSON.stringify(event()), headers: { ...headers, 'message-type': 'OrderCancelled' }, partition: 0 },
      { key: 'no-headers', value: JSON.stringify(event()), partition: 0 },
      // Found by a hostile review: its dead letter, headers copied, failed to encode every 5 s for good.
      { key: 'null-header', value: JSON.stringify(event()), headers: { ...headers, 'message-type': null }, partition: 0 },
      { key: 'null', value: null, headers, partition: 0 },
      { key: 'empty', value: '', headers, partition: 0 },
      { key: 'huge', value: JSON.stringify({ ...event(), deliveryName: 'x'.repeat(5000) }), headers, partition: 0 },
    ]);
    const good = event();
    await producer.send(topic, good, { key: 'after-the-poison' });
    await waitFor(() => handled.length === 1, { message: 'the valid order after the poison ones' });
    expect(handled[0]?.message.orderId).toBe(good.orderId);
    expect(listener.isReady).toBe(true);

    const dead = await readRecords(kafka, dlt(), 9);
    const reasons = Object.fromEntries(dead.map((r) => [r.key, r.headers[DltHeaders.reason]]));
    expect(reasons).toEqual({
      'not-json': 'not-json',
      schema: 'schema-mismatch',
      version: 'unknown-message-type',
      type: 'unknown-message-type',
      'no-headers': 'unknown-message-type',
      'null-header': 'unknown-message-type',
      null: 'empty-value',
      empty: 'empty-value',
      huge: 'too-large',
    });
    const notJson = dead.find((r) => r.key === 'not-json');
    expect(notJson?.value?.toString()).toBe('not json');
    expect(notJson?.partition).toBe(0);
    expect(notJson?.headers).toMatchObject({
      [DltHeaders.originalTopic]: topic.name,
      [DltHeaders.originalPartition]: '0',
      [DltHeaders.originalOffset]: '0',
      [DltHeaders.originalConsumerGroup]: expect.stringMatching(/^group-/),
      [DltHeaders.exceptionFqcn]: 'InvalidMessageError',
      [DltHeaders.exceptionMessage]: expect.stringContaining('not JSON'),
      [DltHeaders.attempts]: '0',
      'message-type': 'OrderPlaced',
    });
    expect(Number(notJson?.headers[DltHeaders.originalTimestamp])).toBeGreaterThan(0);
    expect(listener.stats).toMatchObject({ handled: 1, deadLettered: 9, retried: 0 });
  });

  // A compression bomb, or any batch the codec refuses, stopped every listener that fetched it,
  // and its supervisor restarted it into the same batch (compression-codecs.ts, undecodable-batch.ts).
  it('a compressed batch that cannot be decompressed should be dead-lettered as one letter, and the records after it handled', async () => {
    const listener = await startListener();
    const bomb = kafka.producer({ allowAutoTopicCreation: false });
    await bomb.connect();
    try {
      // Two records of 33 MB of zeros: a few KB compressed, over the 64 MB a batch may decompress to.
      const zeros = Buffer.alloc(33 * 1024 * 1024);
      const messages = ['bomb-a', 'bomb-b'].map((key) => ({ key, value: zeros, partition: 1 }));
      await bomb.send({ topic: topic.name, acks: -1, compression: CompressionTypes.ZSTD, messages });
    } finally {
      await bomb.disconnect();
    }
    const good = event();
    const headers = { 'message-type': 'OrderPlaced', 'message-version': '1' };
    await produceRaw(kafka, topic.name, [{ key: 'after-the-bomb', value: JSON.stringify(good), headers, partition: 1 }]);
    await waitFor(() => handled.length === 1, { message: 'the order after the bomb' });
    expect(handled[0]?.message.orderId).toBe(good.orderId);
    expect(handled[0]?.record).toMatchObject({ partition: 1, offset: '2' });

    const [letter] = await readRecords(kafka, dlt(), 1);
    expect(letter).toMatchObject({ partition: 1, key: null, value: null });
    expect(letter?.headers).toMatchObject({
      [DltHeaders.reason]: 'undecodable-batch',
      [DltHeaders.originalOffset]: '1',
      [DltHeaders.exceptionMessage]: `A zstd record batch decompresses to more than ${64 * 1024 * 1024} bytes: offsets 0 to 1 not read`,
    });
    expect(listener.stats).toMatchObject({ handled: 1, deadLettered: 1 });
  });

  it('records with headers named like Object members, or thousands of headers, should be handled or dead-lettered, never stop the listener', async () => {
    const producer = await startProducer();
    const listener = await startListener();
    const typed = { 'message-type': 'OrderPlaced', 'message-version': '1' };
    // Own properties, as a producer in any language can send them (an object literal would set a prototype).
    const objectMembers = JSON.parse('{"constructor":"c","__proto__":"p","toString":"t","hasOwnProperty":"h","valueOf":"v"}') as Record<
      string,
      string
    >;
    const thousands = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`h${i}`, 'x']));
    const named = event();
    await produceRaw(kafka, topic.name, [
      { key: 'object-members', value: JSON.stringify(named), headers: { ...typed, ...objectMembers }, partition: 0 },
      { key: 'thousands', value: JSON.stringify(event()), headers: { ...typed, ...thousands }, partition: 0 },
    ]);
    const good = event();
    await producer.send(topic, good, { key: 'after-them' });
    await waitFor(() => handled.length === 2, { message: 'the order with odd header names and the one after the poison' });
    expect(handled.map((h) => h.message.orderId).sort()).toEqual([named.orderId, good.orderId].sort());
    const namedRecord = handled.find((h) => h.message.orderId === named.orderId)!.record;
    expect(Object.getPrototypeOf(namedRecord.headers)).toBe(Object.prototype);
    expect(
      Object.fromEntries(
        Object.keys(objectMembers).map((name) => [name, Object.getOwnPropertyDescriptor(namedRecord.headers, name)?.value]),
      ),
    ).toEqual(objectMembers);
    const [dead] = await readRecords(kafka, dlt(), 1);
    expect(dead?.key).toBe('thousands');
    expect(dead?.headers[DltHeaders.reason]).toBe('too-large');
    expect(listener.stats).toMatchObject({ handled: 2, deadLettered: 1 });
    expect(listener.isReady).toBe(true);
  });

  // Found by a hostile review: the dead-letter line logged a poison record's key and its JSON error whole.
  it('a poison record should be logged without the card number its writer put in its key or value', async () => {
    const lines: string[] = [];
    const capture = (fields: object | string, message?: string) => void lines.push(JSON.stringify({ fields, message }));
    const logger = { debug: capture, info: capture, warn: capture, error: capture };
    const listener = await startListener(record, { logger });
    const typed = { 'message-type': 'OrderPlaced', 'message-version': '1' };
    // Found by a later review: JSON.parse quotes short text whole into the DLT's exception-message
    // header; a key cut before it was masked kept 15 digits; a duplicate's message id was logged.
    const order = JSON.stringify(event());
    const carded = { ...typed, 'message-id': '4111111111111111' };
    await produceRaw(kafka, topic.name, [
      { key: '4111 1111 1111 1111', value: 'x4111111111111111 cvv 123', headers: typed, partition: 0 },
      { key: 'type', value: '{}', headers: { ...typed, 'message-type': 'OrderPlaced 4111-1111-1111-1111' }, partition: 0 },
      { key: 'quoted', value: '[4111111111111111,]', headers: typed, partition: 0 },
      { key: `${'A'.repeat(285)}4111111111111111`, value: 'x', headers: typed, partition: 0 },
      { key: 'once', value: order, headers: carded, partition: 0 },
      { key: 'twice', value: order, headers: carded, partition: 0 },
    ]);
    await waitFor(() => listener.stats.deadLettered === 4 && listener.stats.duplicates === 1, {
      message: 'poison records and the duplicate',
    });
    const deadLetterLines = lines.filter((line) => line.includes('dead-lettered') || line.includes('Skipped a duplicate'));
    expect(deadLetterLines).toHaveLength(5);
    expect(findCardDataInLines(deadLetterLines, { ccNumber: '4111111111111111', ccCVV: 'none in these' })).toEqual([]);
    expect(deadLetterLines.join('\n')).not.toMatch(/1{12}/);
    expect(deadLetterLines.join('\n')).toContain('[card number removed]');
    const errors = (await readRecords(kafka, dlt(), 4)).map((letter) => letter.headers[DltHeaders.exceptionMessage] ?? '');
    expect(errors.join('\n')).not.toMatch(/1{12}/);
    expect(errors.join('\n')).toContain('[card number removed]');
  });

  // Found by a hostile review: the retry's log line carried the handler's error whole.
  it("a handler's error that quotes a card number should be logged masked on every retry", async () => {
    const lines: string[] = [];
    const capture = (fields: object | string, message?: string) => void lines.push(JSON.stringify({ fields, message }));
    const logger = { debug: capture, info: capture, warn: capture, error: capture };
    const producer = await startProducer();
    const listener = await startListener(
      async () => {
        throw new Error('card 4111 1111 1111 1111 declined');
      },
      { logger },
    );
    await producer.sendDefault(event());
    await waitFor(() => listener.stats.deadLettered === 1, { message: 'the record dead-lettered after its retries' });
    const retries = lines.filter((line) => line.includes('retrying after back-off'));
    // At least the retries of one delivery; a rebalance could deliver the record once more.
    expect(retries.length).toBeGreaterThanOrEqual(FAST_RETRY.attempts! - 1);
    expect(findCardDataInLines(lines, { ccNumber: '4111111111111111', ccCVV: 'none in these' })).toEqual([]);
    expect(retries.join('\n')).toContain('card [card number removed] declined');
  });

  it('a handler that fails twice then succeeds should handle the record once after 2 retries, with nothing in the DLT', async () => {
    const producer = await startProducer();
    let calls = 0;
    const listener = await startListener(async (message, meta) => {
      calls++;
      if (calls <= 2) throw new KafkaUnavailableError('downstream not ready');
      await record(message, meta);
    });
    await producer.sendDefault(event());
    await waitFor(() => handled.length === 1, { message: 'the order to be handled after 2 retries' });
    expect(calls).toBe(3);
    expect(listener.stats).toMatchObject({ handled: 1, retried: 2, deadLettered: 0 });
    expect(await topicSize(kafka, dlt())).toBe(0);
  });

  it('a handler that always fails should dead-letter the record with every header, and handle the records after it on the partition', async () => {
    const producer = await startProducer();
    const failing = event();
    const listener = await startListener(async (message, meta) => {
      if (message.orderId === failing.orderId) throw new Error('kitchen printer on fire');
      await record(message, meta);
    });
    const first = await producer.sendDefault(failing, { key: 'same-key' });
    const later = [event(), event()];
    for (const next of later) expect((await producer.sendDefault(next, { key: 'same-key' })).partition).toBe(first.partition);
    await waitFor(() => handled.length === 2, { message: 'the records after the failing one' });
    expect(handled.map((h) => h.message.orderId)).toEqual(later.map((e) => e.orderId));

    const [dead] = await readRecords(kafka, dlt(), 1);
    expect(dead?.key).toBe('same-key');
    expect(JSON.parse(dead!.value!.toString())).toEqual(failing);
    expect(dead?.partition).toBe(first.partition);
    expect(dead?.headers).toMatchObject({
      [DltHeaders.originalTopic]: topic.name,
      [DltHeaders.originalPartition]: String(first.partition),
      [DltHeaders.originalOffset]: first.offset,
      [DltHeaders.originalTimestamp]: String(Date.parse(first.timestamp)),
      [DltHeaders.exceptionFqcn]: 'Error',
      [DltHeaders.exceptionMessage]: 'kitchen printer on fire',
      [DltHeaders.reason]: 'retries-exhausted',
      [DltHeaders.attempts]: '3',
    });
    expect(listener.stats).toMatchObject({ retried: 2, deadLettered: 1, handled: 2 });
  });

  it('a handler that rejects a record as not retriable should dead-letter it at the first try', async () => {
    const producer = await startProducer();
    let calls = 0;
    await startListener(async () => {
      calls++;
      throw new RejectedMessageError('no such customer');
    });
    await producer.sendDefault(event());
    const [dead] = await readRecords(kafka, dlt(), 1);
    expect(dead?.headers).toMatchObject({
      [DltHeaders.reason]: 'non-retriable',
      [DltHeaders.attempts]: '1',
      [DltHeaders.exceptionFqcn]: 'RejectedMessageError',
    });
    expect(calls).toBe(1);
  });

  // Found by a hostile review: a thrown string or plain object has no name or message, the
  // dead letter's write threw on them, and the partition waited for good, liveness failing.
  it('a handler that throws a string or a plain object should dead-letter the record like any error', async () => {
    const producer = await startProducer();
    const [aString, anObject] = [event(), event()];
    await startListener(async (message) => {
      throw message.orderId === aString.orderId ? 'no such customer' : { retriable: false };
    });
    await producer.sendDefault(aString);
    await producer.sendDefault(anObject);
    const dead = await readRecords(kafka, dlt(), 2);
    const byOrder = Object.fromEntries(dead.map((letter) => [letter.key, letter.headers]));
    expect(byOrder[aString.orderId]).toMatchObject({
      [DltHeaders.exceptionMessage]: 'no such customer',
      [DltHeaders.reason]: 'retries-exhausted',
    });
    expect(byOrder[anObject.orderId]).toMatchObject({
      [DltHeaders.exceptionMessage]: 'The handler threw a value that is not an Error (object)',
      [DltHeaders.reason]: 'non-retriable',
    });
  });

  it('a partition that is backing off should not hold back the other partitions', async () => {
    const producer = await startProducer();
    const slow = event();
    const order: string[] = [];
    await startListener(
      async (message, meta) => {
        if (message.orderId === slow.orderId) {
          order.push('failed');
          throw new Error('not yet');
        }
        order.push('handled');
        await record(message, meta);
      },
      // One retry, long after the others can be handled even on a loaded machine: the test
      // shows they went first, and it must not depend on how fast five sends are.
      { retry: { attempts: 2, initialDelayMs: 8_000, multiplier: 1, maxDelayMs: 8_000 } },
    );
    const stuck = await producer.sendDefault(slow);
    const others: string[] = [];
    for (let i = 0; others.length < 5; i++) {
      const candidate = event();
      const result = await producer.sendDefault(candidate);
      if (result.partition !== stuck.partition) others.push(candidate.orderId);
    }
    await waitFor(() => others.every((id) => handled.some((h) => h.message.orderId === id)), { message: 'the other partitions' });
    // All five were handled while the stuck record was still between its tries.
    expect(order.filter((o) => o === 'failed')).toEqual(['failed']);
    await waitFor(async () => (await topicSize(kafka, dlt())) === 1, { message: 'the stuck record to be dead-lettered' });
  });

  it('a hostile timestamp or a value the DLT cannot hold should not stop the listener', async () => {
    const producer = await startProducer();
    const listener = await startListener(record, { maxValueBytes: 2_000_000 });
    const headers = { 'message-type': 'OrderPlaced', 'message-version': '1' };
    const odd = event();
    await produceRaw(kafka, topic.name, [
      { key: 'odd-time', value: JSON.stringify(odd), headers, partition: 0, timestamp: '-8700000000000000' },
    ]);
    // Fits the broker's 1,048,588-byte limit on its own, but not with the dead-letter headers added.
    await produceRaw(kafka, topic.name, [{ key: 'huge', value: 'x'.repeat(1_048_300), headers, partition: 0 }]);
    const after = event();
    await producer.send(topic, after, { key: 'after' });
    await waitFor(() => handled.some((h) => h.message.orderId === after.orderId), {
      timeoutMs: 30_000,
      message: 'the record after the hostile ones',
    });
    expect(handled.find((h) => h.message.orderId === odd.orderId)?.record.timestamp).toBe('-8700000000000000');
    const [dead] = await readRecords(kafka, dlt(), 1);
    expect(dead?.key).toBe('huge');
    expect(dead?.value).toBeNull();
    expect(dead?.headers).toMatchObject({ [DltHeaders.reason]: 'not-json', [DltHeaders.valueDropped]: '1048300' });
    expect(listener.isReady).toBe(true);
  });

  it('at the smallest fetch limits order-listener accepts, every record should still arrive, in order per partition', async () => {
    const producer = await startProducer();
    await startListener(record, { fetch: { maxBytes: 64 * 1024, maxBytesPerPartition: 16 * 1024 } });
    // About 60 KB a partition: several fetches each.
    const sent = await Promise.all(Array.from({ length: 180 }, () => producer.sendDefault(event())));
    await waitFor(() => handled.length === sent.length, { timeoutMs: 30_000, message: 'every record through small fetches' });
    for (const partition of new Set(sent.map((s) => s.partition))) {
      const offsets = handled.filter((h) => h.record.partition === partition).map((h) => BigInt(h.record.offset));
      expect(offsets).toEqual([...offsets].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      expect(offsets).toHaveLength(sent.filter((s) => s.partition === partition).length);
    }
  });

  it('a dead-lettered record replayed later should be handled, not skipped as a duplicate', async () => {
    const producer = await startProducer();
    let reject = true;
    const listener = await startListener(async (message, meta) => {
      if (reject) {
        reject = false;
        throw new RejectedMessageError('not now');
      }
      await record(message, meta);
    });
    const once = event();
    await producer.sendDefault(once);
    const [dead] = await readRecords(kafka, dlt(), 1);
    await produceRaw(kafka, topic.name, [
      {
        key: dead!.key!,
        value: dead!.value,
        headers: { 'message-type': 'OrderPlaced', 'message-version': '1', 'message-id': once.eventId },
      },
    ]);
    await waitFor(() => handled.some((h) => h.message.orderId === once.orderId), { message: 'the replayed record' });
    expect(listener.stats.duplicates).toBe(0);
  });

  it('a record delivered twice with one message id should be handled once and counted as a duplicate', async () => {
    const producer = await startProducer();
    const listener = await startListener();
    const once = event();
    await producer.sendDefault(once);
    await producer.sendDefault(once);
    const marker = event();
    await producer.sendDefault(marker, { key: once.orderId });
    await waitFor(() => handled.some((h) => h.message.orderId === marker.orderId), { message: 'the marker after the duplicate' });
    expect(handled.filter((h) => h.message.orderId === once.orderId)).toHaveLength(1);
    expect(listener.stats.duplicates).toBe(1);
  });

  // Found by a hostile review: two orders under one forged message-id header, the second skipped.
  it('with messageIdOf, duplicates should be known by the id in the value, whatever the message-id header says', async () => {
    const listener = await startListener(record, { messageIdOf: (value) => value.eventId });
    const typed = { 'message-type': 'OrderPlaced', 'message-version': '1', 'message-id': 'constant' };
    const [first, second] = [event(), event()];
    await produceRaw(kafka, topic.name, [
      { key: first.orderId, value: JSON.stringify(first), headers: typed, partition: 0 },
      { key: second.orderId, value: JSON.stringify(second), headers: typed, partition: 0 },
      { key: second.orderId, value: JSON.stringify(second), headers: { ...typed, 'message-id': 'another' }, partition: 0 },
    ]);
    await waitFor(() => listener.stats.handled + listener.stats.duplicates === 3, { message: 'all three records' });
    expect(handled.map((h) => h.message.orderId)).toEqual([first.orderId, second.orderId]);
    expect(listener.stats.duplicates).toBe(1);
  });
});
