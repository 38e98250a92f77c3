import { SAMPLE_ORDER, TacoOrder, toOrderPlaced } from '@tacocloud/messaging';
import { describe, expect, it } from 'vitest';
import { duplicateIdOf } from './order-handler.js';

describe('duplicateIdOf', () => {
  const placed = (orderId: string) => toOrderPlaced(TacoOrder.parse(SAMPLE_ORDER), { orderId, placedAt: new Date() }, 2);

  it('should know a redelivered order by its ids, whenever it was placed', () => {
    const order = placed('3f2c8a9e-5d1b-4c7a-9e0f-1a2b3c4d5e6f');
    expect(duplicateIdOf({ ...order, placedAt: '2030-01-01T00:00:00.000Z' })).toBe(duplicateIdOf(order));
  });

  // Found by a hostile review: keyed on the event id alone, orders that a producer sent under one
  // constant event id were all skipped as duplicates of the first.
  it('should not take different orders for duplicates when a producer gives them one event id', () => {
    const first = placed('3f2c8a9e-5d1b-4c7a-9e0f-1a2b3c4d5e6f');
    const second = { ...placed('7b1e4c2a-9d3f-4e8b-a1c5-2f6d8e0b4a93'), eventId: first.eventId };
    expect(duplicateIdOf(second)).not.toBe(duplicateIdOf(first));
  });
});
