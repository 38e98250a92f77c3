import { SAMPLE_ORDER, TacoOrder } from '@tacocloud/contract';
import { describe, expect, it } from 'vitest';
import { toOrderPlaced } from '../orders/index.js';
import { ordersTopic } from '../topics/index.js';
import { decodeLetter, newestWindows, type DeadLetterRecord } from './dead-letters.js';

const letter = (value: string, headers: Record<string, string>): DeadLetterRecord => ({
  partition: 0,
  offset: '3',
  timestamp: '2026-11-25T10:00:00.000Z',
  key: null,
  value: Buffer.from(value),
  headers: { ...headers, 'kafka_dlt-original-topic': 'orders', 'dlt-reason': 'handler-failed' },
  original: { topic: 'orders' },
});

describe('decodeLetter', () => {
  it('decodeLetter should read a letter as the listeners read its topic, v1 upcast, and give null for poison', () => {
    const event = toOrderPlaced(TacoOrder.parse(SAMPLE_ORDER), { orderId: crypto.randomUUID(), placedAt: new Date() });
    const v1 = { 'message-type': 'OrderPlaced', 'message-version': '1' };
    expect(decodeLetter(ordersTopic(), letter(JSON.stringify(event), v1))).toMatchObject({
      orderId: event.orderId,
      delivery: { name: SAMPLE_ORDER.deliveryName },
    });
    expect(decodeLetter(ordersTopic(), letter('not json', v1))).toBeNull();
    expect(decodeLetter(ordersTopic(), letter(JSON.stringify(event), {}))).toBeNull();
  });
});

describe('newestWindows', () => {
  const offsets = new Map([
    [0, { low: 0n, high: 10_000n }],
    [1, { low: 9_990n, high: 10_010n }],
    [2, { low: 5n, high: 5n }],
  ]);

  it('should read all of each partition when unbounded', () => {
    const { windows, unread } = newestWindows(offsets);
    expect([...windows]).toEqual([
      [0, { from: 0n, to: 10_000n }],
      [1, { from: 9_990n, to: 10_010n }],
      [2, { from: 5n, to: 5n }],
    ]);
    expect(unread).toBe(0);
  });

  it("should read only each partition's newest offsets, never below its start, and count the rest", () => {
    const { windows, unread } = newestWindows(offsets, 100);
    expect([...windows]).toEqual([
      [0, { from: 9_900n, to: 10_000n }],
      [1, { from: 9_990n, to: 10_010n }],
      [2, { from: 5n, to: 5n }],
    ]);
    expect(unread).toBe(9_900);
  });
});
