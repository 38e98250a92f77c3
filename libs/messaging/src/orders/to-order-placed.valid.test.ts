// Why KafkaOrderMessagingService may send toOrderPlaced's events without a schema check: for
// any order TacoOrder accepts, every version of the event matches its own schema.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../testing/seeded-random.js';
import { INGREDIENT_IDS, OrderPlacedV1, OrderPlacedV2, passesLuhn, SAMPLE_ORDER, TacoOrder } from '@tacocloud/contract';
import { toOrderPlaced } from './to-order-placed.js';

/** Text the order schema accepts at its edges: one character, 200, padded to be trimmed, non-Latin. */
const TEXTS = ['X', 'Ñandú', '  Craig Walls  ', '東京都', 'Zoë 🌮 Ltd.', 'a'.repeat(200), ` ${'b'.repeat(200)} `, 'Apt. 4-B'];
const TACO_NAMES = ['Tacos', ' Carnitas Supreme ', 'タコスです', 'n'.repeat(200)];

function cardNumber(next: () => number): string {
  const length = 12 + Math.floor(next() * 8);
  let digits = String(1 + Math.floor(next() * 9));
  while (digits.length < length - 1) digits += String(Math.floor(next() * 10));
  const check = Array.from({ length: 10 }, (_, d) => `${digits}${d}`).find(passesLuhn)!;
  return next() < 0.5 ? check : check.replace(/(\d{4})(?=\d)/g, '$1 ');
}

function order(next: () => number) {
  const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)]!;
  const tacos = Array.from({ length: 1 + Math.floor(next() * 50) }, () => ({
    name: pick(TACO_NAMES),
    ingredients: Array.from({ length: 1 + Math.floor(next() * 20) }, () => pick(INGREDIENT_IDS)),
  }));
  return TacoOrder.parse({
    ...SAMPLE_ORDER,
    deliveryName: pick(TEXTS),
    deliveryStreet: pick(TEXTS),
    deliveryCity: pick(TEXTS),
    deliveryState: pick(TEXTS),
    deliveryZip: pick(TEXTS),
    ccNumber: cardNumber(next),
    ccExpiration: `${String(1 + Math.floor(next() * 12)).padStart(2, '0')}/${String(Math.floor(next() * 100)).padStart(2, '0')}`,
    tacos,
  });
}

describe('toOrderPlaced', () => {
  it('should give an event that matches its schema, in every version, for any order TacoOrder accepts', () => {
    const next = seededRandom(14);
    for (let i = 0; i < 500; i++) {
      const accepted = order(next);
      const identity = { orderId: randomUUID(), placedAt: new Date(Math.floor(next() * 4_102_444_800_000)) };
      const v1 = toOrderPlaced(accepted, identity, 1);
      const v2 = toOrderPlaced(accepted, identity, 2);
      expect(OrderPlacedV1.safeParse(v1)).toEqual({ success: true, data: v1 });
      expect(OrderPlacedV2.safeParse(v2)).toEqual({ success: true, data: v2 });
    }
  });
});
