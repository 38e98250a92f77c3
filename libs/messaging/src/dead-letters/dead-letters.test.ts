import { SAMPLE_ORDER, TacoOrder } from '@tacocloud/contract';
import { describe, expect, it } from 'vitest';
import { toOrderPlaced } from '../orders/index.js';
import { ordersTopic } from '../topics/index.js';
import { decodeLetter, type DeadLetterRecord } from './dead-letters.js';

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
