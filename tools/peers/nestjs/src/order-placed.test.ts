import { findCardData } from '@tacocloud/messaging/testing';
import { Headers, OrderPlacedV1, SAMPLE_ORDER, TacoOrder } from '@tacocloud/contract';
import { describe, expect, it } from 'vitest';
import { headersFor, toOrderPlaced } from './order-placed.js';

describe('NestJS peer toOrderPlaced', () => {
  it('toOrderPlaced should give an OrderPlaced v1 with the card reduced to its last 4 digits', () => {
    const event = toOrderPlaced(TacoOrder.parse(SAMPLE_ORDER));
    expect(OrderPlacedV1.parse(event)).toEqual(event);
    expect(event.payment).toEqual({ cardLast4: '1111', cardExpiration: SAMPLE_ORDER.ccExpiration });
    expect(findCardData(event, SAMPLE_ORDER)).toEqual([]);
  });

  it('headersFor should name the type and version and carry the event id as message id', () => {
    const event = toOrderPlaced(TacoOrder.parse(SAMPLE_ORDER));
    expect(headersFor(event)).toMatchObject({
      [Headers.messageType]: 'OrderPlaced',
      [Headers.messageVersion]: '1',
      [Headers.messageId]: event.eventId,
    });
  });
});
