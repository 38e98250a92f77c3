// Order ids from newId: a random UUID passes for a card number now and then, and the views would mask it.
import {
  MAX_ERROR_CHARS,
  MAX_TEXT_CHARS,
  newId,
  toOrderPlaced,
  TacoOrder,
  upcastOrderPlacedV1,
  type DeadLetterRecord,
} from '@tacocloud/messaging';
import { findCardData, SAMPLE_ORDER } from '@tacocloud/messaging/testing';
import { describe, expect, it } from 'vitest';
import { letterView, orderView } from './views.js';

const CARD = { ccNumber: SAMPLE_ORDER.ccNumber, ccCVV: SAMPLE_ORDER.ccCVV };

describe('console views', () => {
  it('orderView should keep the kitchen fields of an upcast v1 event and nothing of the card', () => {
    const event = upcastOrderPlacedV1(toOrderPlaced(TacoOrder.parse(SAMPLE_ORDER), { orderId: newId(), placedAt: new Date() }));
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

  // Found by a hostile review: an order written straight to the topic put a card number on the public page.
  it('orderView should mask a card number that a producer other than order-api put in any text of the event', () => {
    const valid = upcastOrderPlacedV1(toOrderPlaced(TacoOrder.parse(SAMPLE_ORDER), { orderId: newId(), placedAt: new Date() }));
    const [taco] = valid.tacos;
    const hostile = {
      ...valid,
      orderId: '41111111-1111-4111-9111-111111111111',
      delivery: { ...valid.delivery, name: 'Eve 4111 1111 1111 1111 cvv 123', city: '４１１１１１１１１１１１１１１１' },
      tacos: [{ ...taco!, name: '4111.1111.1111.1111', ingredients: [{ ...taco!.ingredients[0]!, name: 'Salsa 4111_1111_1111_1111' }] }],
    };
    const view = orderView({ topic: 'orders', partition: 0, offset: '1', timestamp: '2026-11-25T10:00:00.000Z', value: hostile });
    expect(view.order).toEqual({
      orderId: '[card number removed]',
      placedAt: valid.placedAt,
      deliveryName: 'Eve [card number removed] cvv 123',
      deliveryCity: '[card number removed]',
      tacos: [{ name: '[card number removed]', ingredients: ['Salsa [card number removed]'] }],
    });
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
    const view = letterView(letter, true, false);
    expect(view).toMatchObject({
      reason: 'schema-mismatch',
      attempts: '1',
      original: { topic: 'orders', partition: '2', offset: '9' },
      order: null,
    });
    expect(findCardData(view, CARD)).toEqual([]);

    const event = upcastOrderPlacedV1(toOrderPlaced(TacoOrder.parse(SAMPLE_ORDER), { orderId: newId(), placedAt: new Date() }));
    const decoded = letterView({ ...letter, reason: 'handler-failed' }, true, true, event);
    expect(decoded).toMatchObject({ order: { orderId: event.orderId, deliveryName: 'Craig Walls' }, replayed: true });
    expect(findCardData(decoded, CARD)).toEqual([]);
    expect(JSON.stringify(decoded)).not.toMatch(/payment|cardLast4|cardExpiration/);
  });

  // Found by a hostile review: the letters table showed card numbers a producer put in these headers.
  it('letterView should mask card numbers in every header of a letter, not only its key and error', () => {
    const card = CARD.ccNumber;
    const letter: DeadLetterRecord = {
      partition: 0,
      offset: '7',
      timestamp: '2026-11-25T10:00:00.000Z',
      key: null,
      value: null,
      headers: {},
      original: { topic: `orders ${card}`, partition: card, offset: `${card}`, consumerGroup: `kitchen-${card}` },
      reason: `reason ${card}`,
      error: 'bad',
      attempts: card,
    };
    const view = letterView(letter, true, false);
    expect(findCardData(view, CARD)).toEqual([]);
    expect(view).toMatchObject({ reason: 'reason [card number removed]', original: { topic: 'orders [card number removed]' } });
  });

  // Found by a hostile review: 50 orders with a name of 900 KB each made /api/orders 45 MB.
  it('orderView and letterView should bound each text, masking a card number before the cut', () => {
    const valid = upcastOrderPlacedV1(toOrderPlaced(TacoOrder.parse(SAMPLE_ORDER), { orderId: newId(), placedAt: new Date() }));
    // A card number across the cut: cut first, its first 14 digits would show.
    const name = `${'x'.repeat(MAX_TEXT_CHARS - 8)}${CARD.ccNumber}${'y'.repeat(900_000)}`;
    const view = orderView({
      topic: 'orders',
      partition: 0,
      offset: '1',
      timestamp: '2026-11-25T10:00:00.000Z',
      value: { ...valid, delivery: { ...valid.delivery, name } },
    });
    expect(view.order!.deliveryName.length).toBeLessThan(MAX_TEXT_CHARS + 40);
    expect(view.order!.deliveryName).toMatch(/^x{192}\[card nu… \(\d+ more characters\)$/);

    const letter = letterView(
      {
        partition: 0,
        offset: '1',
        timestamp: '2026-11-25T10:00:00.000Z',
        key: 'k'.repeat(900_000),
        value: null,
        headers: {},
        original: {},
        error: 'e'.repeat(900_000),
      },
      false,
      false,
    );
    expect(letter.key!.length).toBeLessThan(MAX_TEXT_CHARS + 40);
    expect(letter.error!.length).toBeLessThan(MAX_ERROR_CHARS + 40);
    expect(letter.error).toMatch(/ \(898000 more characters\)$/);
  });

  it('letterView should show a letter no replay sends back as not replayed, however the replay group counts it', () => {
    const letter: DeadLetterRecord = {
      partition: 0,
      offset: '3',
      timestamp: '2026-11-25T10:00:00.000Z',
      key: null,
      value: null,
      headers: {},
      original: {},
    };
    expect(letterView(letter, false, true)).toMatchObject({ replayable: false, replayed: false });
    expect(letterView(letter, true, true)).toMatchObject({ replayable: true, replayed: true });
  });
});
