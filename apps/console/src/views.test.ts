import { toOrderPlaced, TacoOrder, upcastOrderPlacedV1, type DeadLetterRecord } from '@tacocloud/messaging';
import { findCardData, SAMPLE_ORDER } from '@tacocloud/messaging/testing';
import { describe, expect, it } from 'vitest';
import { letterView, orderView, withoutCardNumbers } from './views.js';

const CARD = { ccNumber: SAMPLE_ORDER.ccNumber, ccCVV: SAMPLE_ORDER.ccCVV };

describe('console views', () => {
  it('orderView should keep the kitchen fields of an upcast v1 event and nothing of the card', () => {
    const event = upcastOrderPlacedV1(toOrderPlaced(TacoOrder.parse(SAMPLE_ORDER), { orderId: crypto.randomUUID(), placedAt: new Date() }));
    const view = orderView({ topic: 'orders', partition: 2, offset: '5', timestamp: '2026-11-25T10:00:00.000Z', value: event });
    expect(view.order).toMatchObject({
      deliveryName: 'Craig Walls',
      deliveryCity: 'Foodsville',
      tacos: [
        { name: 'Carnivore Supreme', ingredients: ['Flour Tortilla', 'Ground Beef', 'Carnitas', 'Cheddar', 'Salsa'] },
        expect.anything(),
      ],
    });
    expect(findCardData(view, CARD)).toEqual([]);
    expect(JSON.stringify(view)).not.toMatch(/payment|cardLast4|cardExpiration/);
  });

  it('withoutCardNumbers should take out digit runs holding a Luhn-valid card number, in any grouping', () => {
    expect(withoutCardNumbers(`Unexpected token 'x', "x ${CARD.ccNumber}" is not valid JSON`)).toBe(
      `Unexpected token 'x', "x [card number removed]" is not valid JSON`,
    );
    expect(withoutCardNumbers('card 4111 1111 1111 1111 and 4111-1111-1111-1111')).toBe(
      'card [card number removed] and [card number removed]',
    );
    expect(withoutCardNumbers('id 4111111111111111000 end')).toBe('id [card number removed] end');
    expect(withoutCardNumbers('offset 12, 1234567890123 bytes')).toBe('offset 12, 1234567890123 bytes');
  });

  it('letterView should show where a letter came from and why, without card numbers in its error or key', () => {
    const letter: DeadLetterRecord = {
      partition: 1,
      offset: '4',
      timestamp: '2026-11-25T10:00:00.000Z',
      key: CARD.ccNumber,
      value: Buffer.from(`{"ccNumber":"${CARD.ccNumber}"}`),
      headers: {},
      original: { topic: 'orders', partition: '2', offset: '9' },
      reason: 'schema-mismatch',
      error: `bad ${CARD.ccNumber}`,
      attempts: '1',
    };
    const view = letterView(letter, false);
    expect(view).toMatchObject({
      reason: 'schema-mismatch',
      attempts: '1',
      original: { topic: 'orders', partition: '2', offset: '9' },
      order: null,
    });
    expect(findCardData(view, CARD)).toEqual([]);

    const event = upcastOrderPlacedV1(toOrderPlaced(TacoOrder.parse(SAMPLE_ORDER), { orderId: crypto.randomUUID(), placedAt: new Date() }));
    const decoded = letterView({ ...letter, reason: 'handler-failed' }, true, event);
    expect(decoded).toMatchObject({ order: { orderId: event.orderId, deliveryName: 'Craig Walls' }, replayed: true });
    expect(findCardData(decoded, CARD)).toEqual([]);
    expect(JSON.stringify(decoded)).not.toMatch(/payment|cardLast4|cardExpiration/);
  });
});
