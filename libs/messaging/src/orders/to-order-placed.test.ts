import { createHash } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { holdsCardNumber, OrderPlacedV1, OrderPlacedV2, SAMPLE_ORDER, TacoOrder, upcastOrderPlacedV1 } from '@tacocloud/contract';
import { findCardData } from '../testing/card-data.js';
import { eventIdFor, orderIdForIdempotencyKey, toOrderPlaced } from './to-order-placed.js';

const orderId = '3f2c8a9e-5d1b-4c7a-9e0f-1a2b3c4d5e6f';

describe('toOrderPlaced', () => {
  const event = toOrderPlaced(TacoOrder.parse(SAMPLE_ORDER), { orderId, placedAt: new Date('2026-11-25T10:00:00Z') });

  it('should produce a valid OrderPlaced v1 with ingredients resolved', () => {
    expect(OrderPlacedV1.parse(event)).toEqual(event);
    expect(event.tacos[0]?.ingredients[0]).toEqual({ id: 'FLTO', name: 'Flour Tortilla', type: 'WRAP' });
    expect(event.placedAt).toBe('2026-11-25T10:00:00.000Z');
  });

  it('should keep only the last 4 digits of the card and drop the CVV', () => {
    expect(event.payment).toEqual({ cardLast4: '1111', cardExpiration: '10/29' });
    // By structure: no card field, no text holding the card number, no field equal to the CVV.
    expect(findCardData(event, SAMPLE_ORDER)).toEqual([]);
  });
});

describe('orderIdForIdempotencyKey', () => {
  const order = TacoOrder.parse(SAMPLE_ORDER);
  const secret = Buffer.from('the same secret on every replica.');
  const idFor = (key: string, of: TacoOrder, keyedBy: Uint8Array = secret) => orderIdForIdempotencyKey(key, of, keyedBy);

  it('should give the same order id for the same key and order, and different ids for different keys', () => {
    expect(idFor('retry-me', order)).toBe(idFor('retry-me', TacoOrder.parse(SAMPLE_ORDER)));
    expect(idFor('retry-me', order)).not.toBe(idFor('retry-me-2', order));
    expect(idFor('retry-me', order)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  // A client retrying across a deploy must get the same id, or its order is taken twice.
  it('should give the id it gave in earlier releases', () => {
    expect(idFor('retry-me', order)).toBe('605595e9-a16a-5554-9f67-9a5754688ed3');
  });

  it('should give a different order a different id even under the same key, so it is never dropped as a duplicate', () => {
    const other = TacoOrder.parse({ ...SAMPLE_ORDER, deliveryName: 'Someone Else' });
    expect(idFor('1', other)).not.toBe(idFor('1', order));
  });

  // Regression: the id was a hash over the whole order, CVV included, so whoever saw the id
  // and knew the key found the CVV in under 1,000 tries and the hidden card digits in ~10^5.
  it('should give an id that an attacker who knows the key cannot use to recover the CVV', () => {
    const publicId = idFor('retry-me', order);
    const cvvs = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));
    const matching = cvvs.filter((ccCVV) => idFor('retry-me', { ...order, ccCVV }) === publicId);
    expect(matching).toHaveLength(cvvs.length);
    expect(oldDerivation('retry-me', order)).not.toBe(publicId);
    expect(cvvs.filter((ccCVV) => oldDerivation('retry-me', { ...order, ccCVV }) === publicId)).toEqual([]);
  });

  it('should give an id that says nothing of the card digits the event does not show', () => {
    const publicId = idFor('retry-me', order);
    for (const ccNumber of ['4111111111111111', '4000056655665556', '4242424242421111', '5555555555551111']) {
      const sameLast4 = ccNumber.slice(0, -4) + order.ccNumber.slice(-4);
      expect(idFor('retry-me', { ...order, ccNumber: sameLast4 })).toBe(publicId);
    }
    expect(idFor('retry-me', { ...order, ccNumber: '4012888888881881' })).not.toBe(publicId);
  });

  // Found by a hostile review: a key made of a card number gave it back through the order id.
  it('should give an id that says nothing of a card number in the key to whoever lacks the secret', () => {
    const key = 'card-4111 1111 1111 1111';
    expect(idFor(key, order)).toBe(idFor(key, order));
    expect(idFor(key, order)).not.toBe(idFor(key, order, Buffer.from('another secret, another replica')));
    expect(idFor(key, order)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // Keys without one keep the ids they always had, whatever the secret.
    expect(idFor('retry-me', order, Buffer.from('any'))).toBe('605595e9-a16a-5554-9f67-9a5754688ed3');
  });

  // Regression: such keys were masked before a public derivation, so every key of one order whose
  // digits passed for a card number (a millisecond timestamp often does) got one id, and the
  // listener dropped all those orders but the first as duplicates.
  it('should give keys whose digits pass for a card number ids of their own', () => {
    const keys = Array.from({ length: 200 }, (_, n) => `k-1765080000000-${n}`).filter(holdsCardNumber);
    expect(keys.length).toBeGreaterThan(100);
    expect(new Set(keys.map((key) => idFor(key, order))).size).toBe(keys.length);
  });

  it('should give one event id per order and event type', () => {
    expect(eventIdFor(orderId, 'OrderPlaced')).toBe(eventIdFor(orderId, 'OrderPlaced'));
    expect(eventIdFor(orderId, 'OrderPlaced')).not.toBe(eventIdFor(orderId, 'OrderCancelled'));
  });
});

describe('toOrderPlaced v2', () => {
  const order = TacoOrder.parse(SAMPLE_ORDER);
  const placement = { orderId, placedAt: new Date('2026-11-25T10:00:00Z') };

  it('should nest the delivery address and keep identity, tacos and payment as in v1', () => {
    const v2 = toOrderPlaced(order, placement, 2);
    expect(OrderPlacedV2.parse(v2)).toEqual(v2);
    expect(v2.delivery).toEqual({ name: 'Craig Walls', street: '1234 Culinary Blvd.', city: 'Foodsville', state: 'CO', zip: '81019' });
    const v1 = toOrderPlaced(order, placement, 1);
    expect(v2).toMatchObject({ eventId: v1.eventId, orderId, placedAt: v1.placedAt, tacos: v1.tacos, payment: v1.payment });
    expect(v2).not.toHaveProperty('deliveryName');
  });

  it('should upcast a v1 event to exactly the v2 event of the same order, byte for byte on the wire', () => {
    expect(upcastOrderPlacedV1(toOrderPlaced(order, placement, 1))).toEqual(toOrderPlaced(order, placement, 2));
    expect(JSON.stringify(toOrderPlaced(order, placement, 2))).toBe(
      JSON.stringify(upcastOrderPlacedV1(toOrderPlaced(order, placement, 1))),
    );
  });
});

/** How ids were derived before the fix (whole order hashed), as an attacker reading old source would try. */
function oldDerivation(key: string, order: TacoOrder): string {
  const fingerprint = createHash('sha256').update(JSON.stringify(order)).digest('hex');
  return uuidv5(`idempotency-key:${key}:${fingerprint}`, '6f1c1d4e-2f57-4b8a-9a43-0c1e7d0a5b11');
}
