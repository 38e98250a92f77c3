import type { Kafka, Message, Producer } from 'kafkajs';
import { describe, expect, it, vi } from 'vitest';
import { SAMPLE_ORDER, TacoOrder } from '@tacocloud/contract';
import { KafkaOrderMessagingService } from '../orders/order-messaging-service.js';
import { toOrderPlaced } from '../orders/to-order-placed.js';
import { waitFor } from '../testing/wait-for.js';
import { ordersTopic } from '../topics/orders.js';
import type { Logger } from '../logger.js';
import { TypedProducer } from './typed-producer.js';

/** A kafkajs stand-in: answers each request at once with base offsets; never when `hang`; with `hold`, only from `release()` on. */
function fakeKafka({ hang = false, hold = false } = {}) {
  const sent: Message[] = [];
  const held: (() => void)[] = [];
  let offset = 0;
  const producer = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    sendBatch: ({ topicMessages }: { topicMessages: { topic: string; messages: (Message & { partition: number })[] }[] }) => {
      const messages = topicMessages.flatMap((t) => t.messages);
      sent.push(...messages);
      if (hang) return new Promise(() => undefined);
      const topicName = topicMessages[0]!.topic;
      const answer = () =>
        [...new Set(messages.map((m) => m.partition))].map((partition) => ({
          topicName,
          partition,
          errorCode: 0,
          baseOffset: String(offset++),
        }));
      if (hold) return new Promise((resolve) => held.push(() => resolve(answer())));
      return Promise.resolve(answer());
    },
  } as unknown as Producer;
  const release = () => {
    hold = false;
    held.splice(0).forEach((answer) => answer());
  };
  return { kafka: { producer: () => producer } as unknown as Kafka, sent, release };
}

const topic = ordersTopic({ name: 'orders', partitions: 6 });
const order = TacoOrder.parse(SAMPLE_ORDER);
const event = () => toOrderPlaced(order, { orderId: crypto.randomUUID(), placedAt: new Date() });

describe('TypedProducer', () => {
  it('send should validate a value from an untrusted caller, and take a trusted one as it is', async () => {
    const { kafka, sent } = fakeKafka();
    const producer = new TypedProducer({ kafka });
    await producer.start();
    const invalid = { ...event(), orderId: 'not-a-uuid' };
    await expect(producer.send(topic, invalid)).rejects.toMatchObject({ code: 'INVALID_MESSAGE' });
    expect(sent).toHaveLength(0);
    await expect(producer.send(topic, invalid, { key: 'k', trusted: true })).resolves.toMatchObject({ key: 'k' });
    expect(sent).toHaveLength(1);
  });

  it('sendOrder should refuse an order id that is not a UUID, the one part of the event not built from the validated order', async () => {
    const { kafka, sent } = fakeKafka();
    const producer = new TypedProducer({ kafka });
    await producer.start();
    const service = new KafkaOrderMessagingService(producer, topic);
    await expect(service.sendOrder(order, { orderId: 'order-1' })).rejects.toMatchObject({ code: 'INVALID_MESSAGE' });
    await expect(service.sendOrder(order)).resolves.toMatchObject({ topic: 'orders' });
    expect(sent).toHaveLength(1);
  });

  it("sendOrder should send the caller's correlation id, and the order id when the caller gives none", async () => {
    const { kafka, sent } = fakeKafka();
    const producer = new TypedProducer({ kafka });
    await producer.start();
    const service = new KafkaOrderMessagingService(producer, topic);
    const given = await service.sendOrder(order, { correlationId: 'checkout-7f3a' });
    const own = await service.sendOrder(order);
    expect(sent.map((message) => message.headers?.['correlation-id'])).toEqual(['checkout-7f3a', own.orderId]);
    expect(given.orderId).not.toBe(own.orderId);
  });

  it('send should hand kafkajs the value as JSON text: a Buffer a record is off-heap memory that sets off mark-compacts', async () => {
    const { kafka, sent } = fakeKafka();
    const producer = new TypedProducer({ kafka });
    await producer.start();
    const placed = event();
    await producer.send(topic, placed, { trusted: true });
    expect(typeof sent[0]!.value).toBe('string');
    expect(JSON.parse(sent[0]!.value as string)).toEqual(placed);
  });

  it('send should not build its debug line while debug is off', async () => {
    const { kafka } = fakeKafka();
    const debug = vi.fn();
    const logger: Logger = { debug, info: vi.fn(), warn: vi.fn(), error: vi.fn(), isLevelEnabled: (level) => level !== 'debug' };
    const producer = new TypedProducer({ kafka, logger });
    await producer.start();
    await producer.send(topic, event());
    expect(debug).not.toHaveBeenCalled();
  });

  it('a send past its timeout should fail: as unconfirmed when in flight, as not sent (and never sent) when still queued', async () => {
    const { kafka, sent } = fakeKafka({ hang: true });
    const producer = new TypedProducer({ kafka, sendTimeoutMs: 200 });
    await producer.start();
    const first = event();
    const inFlight = producer.send(topic, first).catch((error: unknown) => error);
    await waitFor(() => sent.length === 1);
    // Same key, same partition: it waits for the request in flight.
    const queued = producer.send(topic, { ...event(), orderId: first.orderId }).catch((error: unknown) => error);
    expect(await inFlight).toMatchObject({ code: 'SEND_TIMEOUT' });
    expect(await queued).toMatchObject({ code: 'KAFKA_UNAVAILABLE' });
    expect(sent).toHaveLength(1);
    expect(producer.bufferedRecords).toBe(1);
  });

  it('once sends have failed for a send timeout with nothing acknowledged, should refuse new ones at once', async () => {
    const { kafka, sent } = fakeKafka({ hang: true });
    const producer = new TypedProducer({ kafka, sendTimeoutMs: 200 });
    await producer.start();
    expect(await producer.send(topic, event()).catch((error: unknown) => error)).toMatchObject({ code: 'SEND_TIMEOUT' });
    expect(producer.isRefusingSends).toBe(true);
    // The next send probes Kafka; while that probe is out, every other one is refused, never queued.
    const probe = producer.send(topic, event()).catch((error: unknown) => error);
    const refused = await producer.send(topic, event()).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'KAFKA_UNAVAILABLE' });
    expect((refused as Error).message).toMatch(/^Kafka has acknowledged nothing for \d+ s; this record was not sent/);
    expect(producer.bufferedRecords).toBe(2);
    await probe;
    expect(sent.length).toBeGreaterThanOrEqual(1);
  });

  // Found by a hostile review: after a recovery with no traffic, a burst was refused but for one probe.
  it('should take every send again once Kafka answers a request whose callers had already timed out', async () => {
    const { kafka, sent, release } = fakeKafka({ hold: true });
    const producer = new TypedProducer({ kafka, sendTimeoutMs: 200 });
    await producer.start();
    expect(await producer.send(topic, event()).catch((error: unknown) => error)).toMatchObject({ code: 'SEND_TIMEOUT' });
    expect(producer.isRefusingSends).toBe(true);
    release();
    await waitFor(() => !producer.isRefusingSends, { message: 'the late answer to close the breaker' });
    const burst = await Promise.all(Array.from({ length: 8 }, () => producer.send(topic, event()).catch((error: unknown) => error)));
    expect(burst.filter((result) => result instanceof Error)).toEqual([]);
    expect(sent).toHaveLength(9);
  });
});
