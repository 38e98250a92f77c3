import { holdsCardNumber, SAMPLE_ORDER, TacoOrder } from '@tacocloud/contract';
import { describe, expect, it } from 'vitest';
import { firstIdWithoutCardNumber, newId } from './ids.js';
import { orderIdForIdempotencyKey } from './to-order-placed.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** A random UUID whose digits across its dashes pass the Luhn check (one in about 80 do). */
const PASSES_FOR_A_CARD = '72407819-5129-495e-a75c-6e5191988817';

describe('ids we make', () => {
  it('should be random UUIDs that never pass for a card number', () => {
    expect(holdsCardNumber(PASSES_FOR_A_CARD)).toBe(true);
    const ids = Array.from({ length: 20_000 }, newId);
    expect(ids.every((id) => UUID.test(id) && !holdsCardNumber(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('should take the next candidate when one passes for a card number', () => {
    expect(firstIdWithoutCardNumber((attempt) => (attempt === 0 ? PASSES_FOR_A_CARD : `id-${attempt}`))).toBe('id-1');
  });

  it('should give each Idempotency-Key one id that never passes for a card number, the same on every retry', () => {
    const order = TacoOrder.parse(SAMPLE_ORDER);
    // Half of them public (v5), half keyed by the secret (v8): their digits pass for a card number.
    const idsFor = () =>
      Array.from({ length: 2_000 }, (_, i) =>
        orderIdForIdempotencyKey(i % 2 === 0 ? `key-${i}` : `key-1765080000000-${i}`, order, Buffer.from('secret')),
      );
    const ids = idsFor();
    expect(ids.filter((id) => id[14] === '8').length).toBeGreaterThan(500);
    expect(ids.some((id) => holdsCardNumber(id))).toBe(false);
    expect(idsFor()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
