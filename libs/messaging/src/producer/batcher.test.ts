import type { Producer, RecordMetadata } from 'kafkajs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../logger.js';
import { waitFor } from '../testing/wait-for.js';
import { RecordBatcher } from './batcher.js';

/** A kafkajs Producer stand-in that records each produce request and answers with base offsets. */
function fakeProducer(fail?: Error) {
  const requests: { topic: string; keys: string[] }[][] = [];
  const offsets = new Map<string, number>();
  const waiting: (() => void)[] = [];
  const producer = {
    sendBatch: async ({ topicMessages }: { topicMessages: { topic: string; messages: { key: string; partition: number }[] }[] }) => {
      requests.push(topicMessages.map((t) => ({ topic: t.topic, keys: t.messages.map((m) => m.key) })));
      await new Promise<void>((resolve) => waiting.push(resolve));
      if (fail) throw fail;
      const result: RecordMetadata[] = [];
      for (const { topic, messages } of topicMessages) {
        for (const partition of new Set(messages.map((m) => m.partition))) {
          const slot = `${topic}:${partition}`;
          const base = offsets.get(slot) ?? 0;
          offsets.set(slot, base + messages.filter((m) => m.partition === partition).length);
          result.push({ topicName: topic, partition, errorCode: 0, baseOffset: String(base) });
        }
      }
      return result;
    },
  } as unknown as Producer;
  /** Answers every request in flight. */
  const ack = () => waiting.splice(0).forEach((release) => release());
  return { producer, requests, ack };
}

type Fate = 'answer' | 'lose-answer' | 'refuse' | 'refuse-partition-0';

/**
 * kafkajs's idempotent producer and one broker, as far as sequence numbers go: kafkajs numbers
 * each partition's batch on from its last one and takes the numbers back when a request fails;
 * the broker answers a batch numbered as its last one with that one's offsets (a retry) and
 * appends it otherwise. `fates` says what happens to the next requests: answered, appended with
 * the answer lost (kafkajs then gives up on it), or refused for what it holds.
 */
function idempotentKafka() {
  const fates: Fate[] = [];
  const logs = new Map<string, string[]>();
  const requests: string[][] = [];
  const numbering = new Map<string, number>();
  const lastAppended = new Map<string, { firstSeq: number; lastSeq: number; baseOffset: number }>();
  const append = (slot: string, firstSeq: number, keys: string[]): number => {
    const lastSeq = firstSeq + keys.length - 1;
    const last = lastAppended.get(slot);
    if (last && last.firstSeq === firstSeq && last.lastSeq === lastSeq) return last.baseOffset;
    if (firstSeq !== (last ? last.lastSeq + 1 : 0))
      throw Object.assign(new Error('out of order'), { type: 'OUT_OF_ORDER_SEQUENCE_NUMBER' });
    const log = logs.get(slot) ?? [];
    logs.set(slot, log);
    lastAppended.set(slot, { firstSeq, lastSeq, baseOffset: log.length });
    return log.push(...keys) - keys.length;
  };
  const producer = {
    sendBatch: async ({ topicMessages }: { topicMessages: { topic: string; messages: { key: string; partition: number }[] }[] }) => {
      const fate = fates.shift() ?? 'answer';
      const batches = topicMessages.flatMap(({ topic, messages }) =>
        [...new Set(messages.map((m) => m.partition))].map((partition) => {
          const slot = `${topic}:${partition}`;
          const keys = messages.filter((m) => m.partition === partition).map((m) => m.key);
          const firstSeq = numbering.get(slot) ?? 0;
          numbering.set(slot, firstSeq + keys.length);
          return { topic, partition, slot, keys, firstSeq };
        }),
      );
      requests.push(batches.flatMap(({ keys }) => keys));
      await Promise.resolve();
      const rollBack = () => batches.forEach(({ slot, keys }) => numbering.set(slot, numbering.get(slot)! - keys.length));
      if (fate === 'refuse') {
        rollBack();
        throw Object.assign(new Error('The request included a message larger than the max message size'), {
          name: 'KafkaJSProtocolError',
          type: 'MESSAGE_TOO_LARGE',
          retriable: false,
        });
      }
      if (fate === 'refuse-partition-0') {
        // As kafkajs does: the others stored, the request failed on the one refused, every number taken back.
        for (const { partition, slot, firstSeq, keys } of batches) if (partition !== 0) append(slot, firstSeq, keys);
        rollBack();
        throw Object.assign(new Error('The request included a message larger than the max message size'), {
          name: 'KafkaJSProtocolError',
          type: 'MESSAGE_TOO_LARGE',
          retriable: false,
        });
      }
      const results: RecordMetadata[] = batches.map(({ topic, partition, slot, keys, firstSeq }) => ({
        topicName: topic,
        partition,
        errorCode: 0,
        baseOffset: String(append(slot, firstSeq, keys)),
      }));
      if (fate === 'lose-answer') {
        rollBack();
        throw Object.assign(new Error('Connection error: read ECONNRESET'), { name: 'KafkaJSNumberOfRetriesExceeded', retriable: false });
      }
      return results;
    },
  } as unknown as Producer;
  return { producer, fates, logs, requests };
}

const record = (key: string, partition: number) => ({ key, value: key, partition });
/** For records a test sends only to look at the requests they make. */
const ignore = () => undefined;

describe('RecordBatcher', () => {
  it('enqueue should coalesce records sent while their partition has a request in flight into its next request', async () => {
    const { producer, requests, ack } = fakeProducer();
    const batcher = new RecordBatcher(producer, { lingerMs: 1, maxBatchRecords: 100, maxBatchBytes: 1_000_000, maxBufferedRecords: 100 });
    const first = batcher.enqueue('t', record('a', 0));
    await new Promise((resolve) => setTimeout(resolve, 10));
    const later = ['b', 'c', 'd'].map((key, i) => batcher.enqueue('t', record(key, i % 2)));
    await new Promise((resolve) => setTimeout(resolve, 10));
    // Partition 1 was idle, so its record left at once, without waiting for partition 0.
    expect(requests.map((r) => r[0]?.keys)).toEqual([['a'], ['c']]);
    ack();
    expect(await first).toEqual({ partition: 0, offset: '0' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    ack();
    expect(await Promise.all(later)).toEqual([
      { partition: 0, offset: '1' },
      { partition: 1, offset: '0' },
      { partition: 0, offset: '2' },
    ]);
    expect(requests.map((r) => r[0]?.keys)).toEqual([['a'], ['c'], ['b', 'd']]);
  });

  it.each([
    ['far below 2^53', '4503599627370496', ['4503599627370496', '4503599627370497', '4503599627370498']],
    ['across 2^53', '9007199254740990', ['9007199254740990', '9007199254740991', '9007199254740992']],
    ['near 2^63', '9223372036854775800', ['9223372036854775800', '9223372036854775801', '9223372036854775802']],
  ])('should give each record its exact offset from a base offset %s', async (_where, baseOffset, expected) => {
    const producer = { sendBatch: async () => [{ topicName: 't', partition: 0, errorCode: 0, baseOffset }] } as unknown as Producer;
    const batcher = new RecordBatcher(producer, { lingerMs: 1, maxBatchRecords: 100, maxBatchBytes: 1_000_000, maxBufferedRecords: 100 });
    const placed = ['a', 'b', 'c'].map((key) => batcher.enqueue('t', record(key, 0)));
    expect((await Promise.all(placed)).map(({ offset }) => offset)).toEqual(expected);
  });

  it('should split the records of a partition into requests that stay under maxBatchBytes', async () => {
    const { producer, requests, ack } = fakeProducer();
    const batcher = new RecordBatcher(producer, { lingerMs: 1, maxBatchRecords: 100, maxBatchBytes: 1_000, maxBufferedRecords: 100 });
    const big = (key: string) => ({ key, value: 'x'.repeat(400), partition: 0 });
    const placed = ['a', 'b', 'c', 'd', 'e'].map((key) => batcher.enqueue('t', big(key)));
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      ack();
    }
    await Promise.all(placed);
    expect(requests.map((r) => r[0]?.keys)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('enqueue should put the records of every partition that is ready into one request, each resolving with its own offset', async () => {
    const { producer, requests, ack } = fakeProducer();
    const batcher = new RecordBatcher(producer, { lingerMs: 1, maxBatchRecords: 100, maxBatchBytes: 1_000_000, maxBufferedRecords: 100 });
    const placed = ['a', 'b', 'c', 'd', 'e'].map((key, i) => batcher.enqueue(i < 4 ? 't' : 'u', record(key, i % 3)));
    await new Promise((resolve) => setTimeout(resolve, 10));
    ack();
    expect(await Promise.all(placed)).toEqual([
      { partition: 0, offset: '0' },
      { partition: 1, offset: '0' },
      { partition: 2, offset: '0' },
      { partition: 0, offset: '1' },
      { partition: 1, offset: '0' },
    ]);
    expect(requests).toEqual([
      [
        { topic: 't', keys: ['a', 'd', 'b', 'c'] },
        { topic: 'u', keys: ['e'] },
      ],
    ]);
  });

  it('should keep each partition under maxBatchBytes inside a request of several partitions', async () => {
    const { producer, requests, ack } = fakeProducer();
    const batcher = new RecordBatcher(producer, { lingerMs: 1, maxBatchRecords: 100, maxBatchBytes: 1_000, maxBufferedRecords: 100 });
    const big = (key: string, partition: number) => ({ key, value: 'x'.repeat(400), partition });
    const placed = ['a', 'b', 'c', 'd', 'e', 'f'].map((key, i) => batcher.enqueue('t', big(key, i % 2)));
    for (let i = 0; i < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      ack();
    }
    await Promise.all(placed);
    expect(requests.map((r) => r[0]?.keys)).toEqual([
      ['a', 'c', 'b', 'd'],
      ['e', 'f'],
    ]);
  });

  it('a partition whose request failed should send on its own, so that it holds back no other partition while it stays stuck', async () => {
    const { producer, requests, ack } = fakeProducer();
    let zero: 'fail' | 'hang' = 'fail';
    const flaky = {
      ...producer,
      sendBatch: (request: Parameters<Producer['sendBatch']>[0]) => {
        if (!request.topicMessages?.some((t) => t.messages.some((m) => m.partition === 0))) return producer.sendBatch(request);
        if (zero === 'hang') return new Promise<never>(() => undefined);
        return Promise.reject(Object.assign(new Error('too large'), { type: 'MESSAGE_TOO_LARGE' }));
      },
    } as Producer;
    const batcher = new RecordBatcher(flaky, { lingerMs: 1, maxBatchRecords: 100, maxBatchBytes: 1_000_000, maxBufferedRecords: 100 });
    await expect(batcher.enqueue('t', record('a', 0))).rejects.toThrow('too large');
    zero = 'hang';
    batcher.enqueue('t', record('c', 0)).catch(ignore);
    const others = ['d', 'e'].map((key, i) => batcher.enqueue('t', record(key, i + 1)));
    await new Promise((resolve) => setTimeout(resolve, 10));
    ack();
    expect(await Promise.all(others)).toEqual([
      { partition: 1, offset: '0' },
      { partition: 2, offset: '0' },
    ]);
    // The healthy partitions share requests; partition 0, stuck, is alone.
    const later = ['f', 'g'].map((key, i) => batcher.enqueue('t', record(key, i + 1)));
    await new Promise((resolve) => setTimeout(resolve, 10));
    ack();
    await Promise.all(later);
    expect(requests.map((r) => r[0]?.keys)).toEqual([
      ['d', 'e'],
      ['f', 'g'],
    ]);
  });

  it("should send each broker's partitions in a request of their own, so a broker that hangs holds back only its own", async () => {
    const { producer, requests, ack } = fakeProducer();
    const hungBroker = {
      ...producer,
      sendBatch: (request: Parameters<Producer['sendBatch']>[0]) =>
        request.topicMessages?.some((t) => t.messages.some((m) => m.partition === 0))
          ? new Promise<never>(() => undefined)
          : producer.sendBatch(request),
    } as Producer;
    // Broker 1 leads partitions 0 and 1, broker 2 partitions 2 and 3; partition 4's leader is not known yet.
    const leaders = [1, 1, 2, 2];
    const batcher = new RecordBatcher(
      hungBroker,
      { lingerMs: 1, maxBatchRecords: 100, maxBatchBytes: 1_000_000, maxBufferedRecords: 100 },
      undefined,
      undefined,
      undefined,
      (_topic, partition) => leaders[partition],
    );
    const held = ['a', 'b'].map((key, partition) => batcher.enqueue('t', record(key, partition)));
    const others = ['c', 'd', 'e'].map((key, i) => batcher.enqueue('t', record(key, i + 2)));
    await waitFor(() => requests.length === 2, { message: 'the requests of the answering leaders' });
    ack();
    expect(await Promise.all(others)).toEqual([
      { partition: 2, offset: '0' },
      { partition: 3, offset: '0' },
      { partition: 4, offset: '0' },
    ]);
    expect(requests.map((r) => r[0]?.keys)).toEqual([['c', 'd'], ['e']]);
    let heldSettled = false;
    void Promise.allSettled(held).then(() => (heldSettled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(heldSettled).toBe(false);
    batcher.close();
  });

  it('the partitions of a slow request should send on their own until one of their own requests is quick', async () => {
    vi.useFakeTimers();
    try {
      const { producer, requests, ack } = fakeProducer();
      const batcher = new RecordBatcher(producer, { lingerMs: 1, maxBatchRecords: 100, maxBatchBytes: 1_000_000, maxBufferedRecords: 100 });
      const round = async (keys: string[], answerAfterMs: number) => {
        const placed = keys.map((key, i) => batcher.enqueue('t', record(key, i)));
        await vi.advanceTimersByTimeAsync(1 + answerAfterMs);
        ack();
        await Promise.all(placed);
      };
      await round(['a', 'b'], 1_500);
      await round(['c', 'd'], 0);
      await round(['e', 'f'], 0);
      expect(requests.map((r) => r[0]?.keys)).toEqual([['a', 'b'], ['c'], ['d'], ['e', 'f']]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a partition kafkajs left out of its answer should go again alone, the same records, and resolve with their offsets', async () => {
    const { producer, requests, ack } = fakeProducer();
    let dropZero = true;
    const dropping = {
      ...producer,
      sendBatch: async (request: Parameters<Producer['sendBatch']>[0]) => {
        const results = await producer.sendBatch(request);
        const answered = dropZero ? results.filter((result) => result.partition !== 0) : results;
        dropZero = false;
        return answered;
      },
    } as Producer;
    const batcher = new RecordBatcher(dropping, { lingerMs: 1, maxBatchRecords: 100, maxBatchBytes: 1_000_000, maxBufferedRecords: 100 });
    const placed = ['a', 'b', 'c'].map((key, i) => batcher.enqueue('t', record(key, i === 1 ? 1 : 0)));
    await new Promise((resolve) => setTimeout(resolve, 10));
    ack();
    await new Promise((resolve) => setTimeout(resolve, 10));
    const late = batcher.enqueue('t', record('d', 0));
    ack();
    expect(await Promise.all(placed)).toEqual([
      { partition: 0, offset: '2' },
      { partition: 1, offset: '0' },
      { partition: 0, offset: '3' },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    ack();
    expect(await late).toEqual({ partition: 0, offset: '4' });
    expect(requests.map((r) => r[0]?.keys)).toEqual([['a', 'c', 'b'], ['a', 'c'], ['d']]);
  });

  it('enqueue should fail fast with a retriable error when the buffer is full', async () => {
    const { producer } = fakeProducer();
    const batcher = new RecordBatcher(producer, { lingerMs: 50, maxBatchRecords: 10, maxBatchBytes: 1_000_000, maxBufferedRecords: 2 });
    batcher.enqueue('t', record('a', 0)).catch(ignore);
    batcher.enqueue('t', record('b', 0)).catch(ignore);
    await expect(batcher.enqueue('t', record('c', 0))).rejects.toMatchObject({ code: 'PRODUCER_BUFFER_FULL', retriable: true });
  });

  it('a record past the send timeout should fail: as unconfirmed when in flight, as not sent (and never sent) when still queued', async () => {
    const { producer, requests, ack } = fakeProducer();
    const options = { lingerMs: 1, maxBatchRecords: 10, maxBatchBytes: 1_000_000, maxBufferedRecords: 10 };
    const batcher = new RecordBatcher(producer, options, 100);
    const inFlight = batcher.enqueue('t', record('a', 0)).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const queued = batcher.enqueue('t', record('b', 0)).catch((error: unknown) => error);
    expect(await inFlight).toMatchObject({ code: 'SEND_TIMEOUT', retriable: true });
    expect(await queued).toMatchObject({ code: 'KAFKA_UNAVAILABLE', retriable: true, message: expect.stringContaining('not sent') });
    expect(batcher.buffered).toBe(1);
    ack();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(requests.flat().flatMap((r) => r.keys)).toEqual(['a']);
    expect(batcher.buffered).toBe(0);
  });

  describe('with sequence numbers as kafkajs and Kafka keep them', () => {
    const options = { lingerMs: 1, maxBatchRecords: 10, maxBatchBytes: 1_000_000, maxBufferedRecords: 10 };
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it('a batch whose answer was lost should go again as it was before anything else of its partition, so no record is answered with its offsets', async () => {
      const { producer, fates, logs, requests } = idempotentKafka();
      const lines: string[] = [];
      const log = (level: string) => (_fields: object, msg: string) => void lines.push(`${level}: ${msg}`);
      const logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') } as unknown as Logger;
      const batcher = new RecordBatcher(producer, options, 5_000, logger);
      fates.push('lose-answer', 'lose-answer');
      const a = batcher.enqueue('t', record('a', 0));
      await vi.advanceTimersByTimeAsync(10);
      const b = batcher.enqueue('t', record('b', 0));
      await vi.advanceTimersByTimeAsync(3_000);
      expect(await a).toEqual({ partition: 0, offset: '0' });
      expect(await b).toEqual({ partition: 0, offset: '1' });
      expect(logs.get('t:0')).toEqual(['a', 'b']);
      expect(requests).toEqual([['a'], ['a'], ['a'], ['b']]);
      // Once when it began, once when it ended, however many tries between.
      expect(lines).toEqual([
        expect.stringMatching(/^warn: A produce request failed after Kafka may have stored it; .* before anything else of t:0/),
        'info: Kafka answered the batch of t:0 that went again',
      ]);
    });

    it('callers of a batch whose answer was lost should hear at their deadline that it may still land, and it should land once', async () => {
      const { producer, fates, logs } = idempotentKafka();
      const batcher = new RecordBatcher(producer, options, 500);
      fates.push('lose-answer', 'lose-answer');
      const a = batcher.enqueue('t', record('a', 0)).catch((error: unknown) => error);
      await vi.advanceTimersByTimeAsync(600);
      expect(await a).toMatchObject({ code: 'SEND_TIMEOUT', retriable: true });
      await vi.advanceTimersByTimeAsync(2_000);
      expect(batcher.buffered).toBe(0);
      const b = batcher.enqueue('t', record('b', 0));
      await vi.advanceTimersByTimeAsync(10);
      expect(await b).toEqual({ partition: 0, offset: '1' });
      expect(logs.get('t:0')).toEqual(['a', 'b']);
    });

    it('a batch Kafka refused for its records should fail at once, and the next batch should be stored in its place', async () => {
      const { producer, fates, logs } = idempotentKafka();
      const batcher = new RecordBatcher(producer, options, 5_000);
      fates.push('refuse');
      const a = batcher.enqueue('t', record('a', 0)).catch((error: unknown) => error);
      await vi.advanceTimersByTimeAsync(10);
      expect(await a).toMatchObject({ code: 'KAFKA_UNAVAILABLE', message: expect.stringContaining('larger than the max message size') });
      const b = batcher.enqueue('t', record('b', 0));
      await vi.advanceTimersByTimeAsync(10);
      expect(await b).toEqual({ partition: 0, offset: '0' });
      expect(logs.get('t:0')).toEqual(['b']);
    });

    it("one partition's refusal in a shared request should fail only that partition, the others going again alone", async () => {
      const { producer, fates, logs } = idempotentKafka();
      const batcher = new RecordBatcher(producer, options, 5_000);
      // Then each alone: partition 0 refused again, partition 1 answered as a retry of what it stored.
      fates.push('refuse-partition-0', 'refuse', 'answer');
      const a = batcher.enqueue('t', record('a', 0)).catch((error: unknown) => error);
      const b = batcher.enqueue('t', record('b', 1));
      await vi.advanceTimersByTimeAsync(1_500);
      const c = batcher.enqueue('t', record('c', 1));
      await vi.advanceTimersByTimeAsync(1_500);
      expect(await a).toMatchObject({ message: expect.stringContaining('larger than the max message size') });
      expect(await b).toEqual({ partition: 1, offset: '0' });
      expect(await c).toEqual({ partition: 1, offset: '1' });
      expect(logs.get('t:1')).toEqual(['b', 'c']);
      expect(logs.get('t:0')).toBeUndefined();
    });

    it('close should stop a batch from going again', async () => {
      const { producer, fates, requests } = idempotentKafka();
      const batcher = new RecordBatcher(producer, options, 500);
      fates.push('lose-answer');
      batcher.enqueue('t', record('a', 0)).catch(ignore);
      await vi.advanceTimersByTimeAsync(10);
      batcher.close();
      await vi.advanceTimersByTimeAsync(5_000);
      expect(requests).toEqual([['a']]);
    });
  });
});

describe('RecordBatcher linger', () => {
  const options = { lingerMs: 20, quietMs: 5, maxBatchRecords: 100, maxBatchBytes: 1_000_000, maxBufferedRecords: 100 };
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  it('should send a burst together once no record has come for quietMs, before the linger is over', async () => {
    const { producer, requests } = fakeProducer();
    const batcher = new RecordBatcher(producer, options);
    for (const key of ['a', 'b']) batcher.enqueue('t', record(key, 0)).catch(ignore);
    await vi.advanceTimersByTimeAsync(3);
    batcher.enqueue('t', record('c', 0)).catch(ignore);
    await vi.advanceTimersByTimeAsync(4);
    expect(requests).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(requests.map((r) => r[0]?.keys)).toEqual([['a', 'b', 'c']]);
  });

  it('should keep a steady stream waiting for the whole linger, to fill its request', async () => {
    const { producer, requests } = fakeProducer();
    const batcher = new RecordBatcher(producer, options);
    const keys = Array.from({ length: 10 }, (_, i) => `k${i}`);
    // One record every 2 ms, from 0 to 18 ms: never quiet for 5 ms, so all go at 20 ms.
    for (const key of keys) {
      expect(requests).toEqual([]);
      batcher.enqueue('t', record(key, 0)).catch(ignore);
      await vi.advanceTimersByTimeAsync(2);
    }
    expect(requests.map((r) => r[0]?.keys)).toEqual([keys]);
  });

  it('should let a steady stream that came while a request was in flight linger on after the answer, not send it at once', async () => {
    const { producer, requests, ack } = fakeProducer();
    const batcher = new RecordBatcher(producer, options);
    // A steady stream of one record every 2 ms: the first request leaves at 20 ms with ten.
    let next = 0;
    const stream = async (ms: number) => {
      for (let t = 0; t < ms; t += 2) {
        batcher.enqueue('t', record(`k${next++}`, 0)).catch(ignore);
        await vi.advanceTimersByTimeAsync(2);
      }
    };
    await stream(20);
    expect(requests.map((r) => r[0]?.keys.length)).toEqual([10]);
    // Answered 4 ms later, with two records waiting: they linger on until the stream has brought
    // as many as the answered request carried (or the oldest of them has waited the whole linger).
    await stream(4);
    ack();
    await vi.advanceTimersByTimeAsync(0);
    expect(requests).toHaveLength(1);
    await stream(14);
    expect(requests).toHaveLength(1);
    await stream(4);
    expect(requests.map((r) => r[0]?.keys.length)).toEqual([10, 10]);
  });

  it('should send a round of callers that wait for their answers as soon as all of them are back, without lingering', async () => {
    const { producer, requests, ack } = fakeProducer();
    const batcher = new RecordBatcher(producer, options);
    const round = (keys: string[]) => keys.map((key) => batcher.enqueue('t', record(key, 0)));
    const first = round(['a', 'b', 'c']);
    await vi.advanceTimersByTimeAsync(5);
    ack();
    await Promise.all(first);
    // The three callers come back: nobody else is coming, so their records go at once.
    round(['d', 'e']).forEach((placed) => placed.catch(ignore));
    await vi.advanceTimersByTimeAsync(0);
    expect(requests).toHaveLength(1);
    round(['f']).forEach((placed) => placed.catch(ignore));
    await vi.advanceTimersByTimeAsync(0);
    expect(requests.map((r) => r[0]?.keys)).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e', 'f'],
    ]);
  });
});
