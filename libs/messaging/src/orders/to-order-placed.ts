// Turns a validated HTTP order into the OrderPlaced event: ingredients resolved from the
// catalogue, the card reduced to its last 4 digits and expiration, the CVV dropped.
import { v5 as uuidv5 } from 'uuid';
import { ingredientById } from '../schemas/ingredient.js';
import { ORDER_PLACED, type OrderPlacedV1 } from '../schemas/order-placed.js';
import type { TacoOrder } from '../schemas/taco-order.js';

export interface PlacementIdentity {
  orderId: string;
  placedAt: Date;
}

export function toOrderPlaced(order: TacoOrder, { orderId, placedAt }: PlacementIdentity): OrderPlacedV1 {
  return {
    eventId: eventIdFor(orderId, ORDER_PLACED.type),
    orderId,
    placedAt: placedAt.toISOString(),
    deliveryName: order.deliveryName,
    deliveryStreet: order.deliveryStreet,
    deliveryCity: order.deliveryCity,
    deliveryState: order.deliveryState,
    deliveryZip: order.deliveryZip,
    tacos: order.tacos.map((taco) => ({ name: taco.name, ingredients: taco.ingredients.map(ingredientById) })),
    payment: { cardLast4: order.ccNumber.slice(-4), cardExpiration: order.ccExpiration },
  };
}

/** Namespace for ids derived by name (RFC 9562 v5): a fixed, random UUID of our own. */
const TACOCLOUD_NAMESPACE = '6f1c1d4e-2f57-4b8a-9a43-0c1e7d0a5b11';

/**
 * The order id for a client's Idempotency-Key: the same key always gives the same id, so a
 * retried request lands on the same partition and the listener can recognise the duplicate.
 */
export function orderIdForIdempotencyKey(key: string): string {
  return uuidv5(`idempotency-key:${key}`, TACOCLOUD_NAMESPACE);
}

/** One event per (order, event type): redeliveries and client retries share the id. */
export function eventIdFor(orderId: string, eventType: string): string {
  return uuidv5(`${eventType}:${orderId}`, TACOCLOUD_NAMESPACE);
}
