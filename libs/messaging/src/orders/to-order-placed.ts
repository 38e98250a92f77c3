// Turns a validated HTTP order into an OrderPlaced event of the requested version:
// ingredients resolved from the catalogue, the card reduced to its last 4 digits and
// expiration, the CVV dropped.
import { hash } from 'node:crypto';
import {
  holdsCardNumber,
  ingredientById,
  ORDER_PLACED_V1,
  type OrderPlacedV1,
  type OrderPlacedV2,
  type OrderPlacedVersion,
  type TacoOrder,
} from '@tacocloud/contract';
import { firstIdWithoutCardNumber } from './ids.js';
import { keyedUuidIn, uuidV5In } from './name-uuid.js';

export interface PlacementIdentity {
  orderId: string;
  placedAt: Date;
}

export function toOrderPlaced(order: TacoOrder, identity: PlacementIdentity, version?: 1): OrderPlacedV1;
export function toOrderPlaced(order: TacoOrder, identity: PlacementIdentity, version: 2): OrderPlacedV2;
export function toOrderPlaced(order: TacoOrder, identity: PlacementIdentity, version: OrderPlacedVersion): OrderPlacedV1 | OrderPlacedV2;
export function toOrderPlaced(
  order: TacoOrder,
  { orderId, placedAt }: PlacementIdentity,
  version: OrderPlacedVersion = 1,
): OrderPlacedV1 | OrderPlacedV2 {
  const eventId = eventIdFor(orderId, ORDER_PLACED_V1.type);
  const at = placedAt.toISOString();
  const { tacos, payment } = publicContent(order);
  // Built directly in each version's shape (runs for every order): v2 is what upcasting v1 gives,
  // key for key in the same order, which a unit test compares as JSON.
  if (version === 2) {
    const delivery = {
      name: order.deliveryName,
      street: order.deliveryStreet,
      city: order.deliveryCity,
      state: order.deliveryState,
      zip: order.deliveryZip,
    };
    return { eventId, orderId, placedAt: at, tacos, payment, delivery };
  }
  return { eventId, orderId, placedAt: at, ...deliveryFields(order), tacos, payment };
}

/** Namespace for ids derived by name (RFC 9562 v5): a fixed, random UUID of our own. */
const tacocloudId = uuidV5In('6f1c1d4e-2f57-4b8a-9a43-0c1e7d0a5b11');

/**
 * The order id for a client's Idempotency-Key and order: a retry (same key, same order)
 * always gets the same id, on any replica and after a restart, lands on the same partition,
 * and the listener recognises the duplicate. The order is part of the name so that a key
 * reused for a *different* order (a client bug, or two clients picking "1") gives a new id
 * instead of silently dropping it.
 *
 * Only what the event itself carries goes into the name: the id is public (record key,
 * receipt, logs), and a hash over the card number or CVV would let anyone who knows the key
 * recover them by trying every value. Two orders that differ only in card digits the event
 * does not show count as the same order under one key, which is what a retry is.
 *
 * A key whose digits pass for a card number (a client that made its key of one, and as often
 * a key holding a millisecond timestamp: `k-1765080000000-1` does) gets an HMAC of its name
 * under `secret` instead: a public hash would give the digits back to anyone trying the
 * unknown ones (a hostile review). Masking them first, as before, gave every such key of one
 * order the same id, and the listener dropped all but the first as duplicates. Such a key is
 * idempotent wherever the same secret is used (order-api's IDEMPOTENCY_SECRET).
 */
export function orderIdForIdempotencyKey(key: string, order: TacoOrder, secret: Uint8Array): string {
  const fingerprint = hash('sha256', JSON.stringify(publicPart(order)), 'hex');
  const name = `idempotency-key:${key}:${fingerprint}`;
  const derive = holdsCardNumber(key) ? keyedUuidIn(secret) : tacocloudId;
  // The rare id whose digits pass for a card number gives way to the next name, the same one on every retry.
  return firstIdWithoutCardNumber((attempt) => derive(attempt === 0 ? name : `${name}:${attempt}`));
}

/**
 * The order as the OrderPlaced event (v1) shows it: no card number beyond its last 4 digits, no
 * CVV. Its JSON names an idempotent order: keep its shape, or every order id changes.
 */
function publicPart(order: TacoOrder): Omit<OrderPlacedV1, 'eventId' | 'orderId' | 'placedAt'> {
  return { ...deliveryFields(order), ...publicContent(order) };
}

function deliveryFields(
  order: TacoOrder,
): Pick<OrderPlacedV1, 'deliveryName' | 'deliveryStreet' | 'deliveryCity' | 'deliveryState' | 'deliveryZip'> {
  return {
    deliveryName: order.deliveryName,
    deliveryStreet: order.deliveryStreet,
    deliveryCity: order.deliveryCity,
    deliveryState: order.deliveryState,
    deliveryZip: order.deliveryZip,
  };
}

function publicContent(order: TacoOrder): Pick<OrderPlacedV1, 'tacos' | 'payment'> {
  return {
    tacos: order.tacos.map((taco) => ({ name: taco.name, ingredients: taco.ingredients.map(ingredientById) })),
    payment: { cardLast4: order.ccNumber.slice(-4), cardExpiration: order.ccExpiration },
  };
}

/** One event per (order, event type), whatever the version: redeliveries and retries share it. */
export function eventIdFor(orderId: string, eventType: string): string {
  return tacocloudId(`${eventType}:${orderId}`);
}
