// The order flow end to end on a real broker: HTTP -> order-api -> Kafka -> listeners.
import {
  deadLetterTopicOf,
  KafkaOrderMessagingService,
  ordersTopic,
  TypedListener,
  TypedProducer,
  type ListenerRecord,
  type OrderPlaced,
  type OrdersTopic,
} from '@tacocloud/messaging';
import { createTopics, findCardData, readRecords, SAMPLE_ORDER, testKafka, uniqueName, waitFor } from '@tacocloud/messaging/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from './app.js';

describe('order flow on Kafka', () => {
  const kafka = testKafka(inject('kafkaBrokers'));
  const cleanups: (() => Promise<void>)[] = [];
  let app: FastifyInstance;
  let topic: OrdersTopic;

  /** An order-api publishing to `declaration`, on a topic of its own. */
  async function appOn(declaration: OrdersTopic): Promise<FastifyInstance> {
    await createTopics(kafka, [declaration, deadLetterTopicOf(declaration)]);
    const producer = new TypedProducer({ kafka, defaultTopic: declaration });
    await producer.start();
    cleanups.push(() => producer.stop());
    const instance = await buildApp({ messaging: new KafkaOrderMessagingService(producer, declaration) });
    cleanups.push(() => instance.close());
    return instance;
  }

  beforeAll(async () => {
    topic = ordersTopic({ name: uniqueName('orders'), partitions: 6 });
    app = await appOn(topic);
  });
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/orders', payload: body as object, headers: { 'content-type': 'application/json', ...headers } });

  async function startListener(groupId: string, seen: { order: OrderPlaced; record: ListenerRecord; member: number }[], member: number) {
    const listener = new TypedListener({
      kafka,
      topic,
      groupId,
      handler: async (order, record) => void seen.push({ order, record, member }),
    });
    await listener.start();
    cleanups.push(() => listener.stop());
    return listener;
  }

  it('POST /orders should reach a listener with the partition, offset and timestamp of its receipt', async () => {
    const seen: Parameters<typeof startListener>[1] = [];
    await startListener(uniqueName('kitchen'), seen, 1);
    const response = await post(SAMPLE_ORDER);
    expect(response.statusCode).toBe(202);
    const receipt = response.json();
    await waitFor(() => seen.some((s) => s.order.orderId === receipt.orderId), { message: 'the listener to get the order' });
    const delivery = seen.find((s) => s.order.orderId === receipt.orderId);
    expect(delivery?.record).toMatchObject({
      partition: receipt.partition,
      offset: receipt.offset,
      timestamp: receipt.timestamp,
      key: receipt.orderId,
    });
    expect(delivery?.record.headers['correlation-id']).toBe(response.headers['x-request-id']);
  });

  it('POST /orders should put no CVV and no full card number on the topic', async () => {
    const response = await post({ ...SAMPLE_ORDER, ccNumber: '5555 5555 5555 4444', ccCVV: '987' });
    expect(response.statusCode).toBe(202);
    const { orderId } = response.json();
    const records = await readRecords(kafka, topic.name, 2);
    const record = records.find((r) => r.key === orderId);
    const value = JSON.parse(record?.value?.toString('utf8') ?? 'null');
    expect(value.payment).toEqual({ cardLast4: '4444', cardExpiration: SAMPLE_ORDER.ccExpiration });
    expect(findCardData({ value, headers: record?.headers }, { ccNumber: '5555555555554444', ccCVV: '987' })).toEqual([]);
    expect(record?.value?.toString('utf8')).not.toMatch(/ccNumber|ccCVV|5555\s?5555\s?5555\s?4444/);
  });

  it('POST /orders should keep retries with one Idempotency-Key on one order id and partition', async () => {
    const first = (await post(SAMPLE_ORDER, { 'idempotency-key': uniqueName('key') })).json();
    const key = uniqueName('key');
    const a = (await post(SAMPLE_ORDER, { 'idempotency-key': key })).json();
    const b = (await post(SAMPLE_ORDER, { 'idempotency-key': key })).json();
    expect(a.orderId).toBe(b.orderId);
    expect(a.partition).toBe(b.partition);
    expect(Number(b.offset)).toBeGreaterThan(Number(a.offset));
    expect(first.orderId).not.toBe(a.orderId);
  });

  it('two listener replicas in one group should split the 6 partitions and handle every order exactly once', async () => {
    const groupId = uniqueName('kitchen');
    const seen: Parameters<typeof startListener>[1] = [];
    const one = await startListener(groupId, seen, 1);
    const two = await startListener(groupId, seen, 2);
    await waitFor(() => one.isReady && two.isReady, { message: 'both replicas to join' });
    const responses = await Promise.all(Array.from({ length: 120 }, () => post(SAMPLE_ORDER)));
    expect(responses.every((r) => r.statusCode === 202)).toBe(true);
    const ids = new Set(responses.map((r) => r.json().orderId as string));
    await waitFor(() => [...ids].every((id) => seen.some((s) => s.order.orderId === id)), { message: 'all 120 orders handled' });

    const ours = seen.filter((s) => ids.has(s.order.orderId));
    expect(ours).toHaveLength(120);
    const partitionsOf = (member: number) => new Set(ours.filter((s) => s.member === member).map((s) => s.record.partition));
    expect(partitionsOf(1).size).toBeGreaterThan(0);
    expect(partitionsOf(2).size).toBeGreaterThan(0);
    expect([...partitionsOf(1)].filter((p) => partitionsOf(2).has(p))).toEqual([]);
    expect(partitionsOf(1).size + partitionsOf(2).size).toBe(6);
  });

  it('POST /orders should publish OrderPlaced v2 when the topic is declared to write v2', async () => {
    const name = uniqueName('orders');
    const v2App = await appOn(ordersTopic({ name, partitions: 1, writeVersion: 2 }));
    const response = await v2App.inject({
      method: 'POST',
      url: '/orders',
      payload: SAMPLE_ORDER,
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(202);
    const [record] = await readRecords(kafka, name, 1);
    expect(record?.headers).toMatchObject({ 'message-type': 'OrderPlaced', 'message-version': '2' });
    expect(JSON.parse(record!.value!.toString())).toMatchObject({ orderId: response.json().orderId, delivery: { name: 'Craig Walls' } });
  });

  it('a rejected request should publish nothing', async () => {
    const name = uniqueName('orders');
    const isolatedApp = await appOn(ordersTopic({ name, partitions: 1 }));
    const send = (payload: string, type = 'application/json') =>
      isolatedApp.inject({ method: 'POST', url: '/orders', payload, headers: { 'content-type': type } });

    expect((await send(JSON.stringify({ ...SAMPLE_ORDER, ccCVV: 'abc' }))).statusCode).toBe(400);
    expect((await send('{"broken"')).statusCode).toBe(400);
    expect((await send('plain text', 'text/plain')).statusCode).toBe(415);
    const accepted = await send(JSON.stringify(SAMPLE_ORDER));
    expect(accepted.statusCode).toBe(202);
    const records = await readRecords(kafka, name, 1);
    expect(records.map((r) => r.key)).toEqual([accepted.json().orderId]);
    expect(accepted.json().offset).toBe('0');
  });
});
