// OrderPlaced: the event order-api publishes for every accepted order, in every published
// version. This is the contract other teams consume; libs/contract/schemas/ holds the JSON
// Schema of each version, generated from this file. Within a version only backward-
// compatible changes (new optional fields) are allowed; a breaking change is a new version
// published side by side (see docs/contract.md, "Versioning"). The card never leaves order-api
// whole: every version keeps only its last 4 digits.
import { z } from 'zod';
import { Ingredient } from './ingredient.js';

export const PlacedTaco = z.object({
  name: z.string().min(5),
  ingredients: z.array(Ingredient).min(1),
});
export type PlacedTaco = z.infer<typeof PlacedTaco>;

const identity = {
  eventId: z.uuid().describe('Unique per event; the same on every redelivery and every retry of the same order'),
  orderId: z.uuid().describe('Order id; the record key'),
  placedAt: z.iso.datetime({ offset: true }).describe('When order-api accepted the order (ISO 8601)'),
};

const Payment = z
  .object({
    cardLast4: z.string().regex(/^\d{4}$/),
    cardExpiration: z.string().regex(/^(0[1-9]|1[0-2])\/\d{2}$/),
  })
  .describe('Only what the kitchen may see of the card: never the full number or the CVV');

/** v1: the delivery address as flat fields, as in the book's TacoOrder. */
export const OrderPlacedV1 = z
  .object({
    ...identity,
    deliveryName: z.string().min(1),
    deliveryStreet: z.string().min(1),
    deliveryCity: z.string().min(1),
    deliveryState: z.string().min(1),
    deliveryZip: z.string().min(1),
    tacos: z.array(PlacedTaco).min(1),
    payment: Payment,
  })
  .meta({
    id: 'OrderPlacedV1',
    title: 'OrderPlaced v1',
    description: 'A Taco Cloud order accepted by order-api, as published on the orders topic (delivery address as flat fields).',
  });
export type OrderPlacedV1 = z.infer<typeof OrderPlacedV1>;

export const DeliveryAddress = z.object({
  name: z.string().min(1),
  street: z.string().min(1),
  city: z.string().min(1),
  state: z.string().min(1),
  zip: z.string().min(1),
});
export type DeliveryAddress = z.infer<typeof DeliveryAddress>;

/** v2: the delivery address as one nested object. A breaking change, hence a new version. */
export const OrderPlacedV2 = z
  .object({
    ...identity,
    delivery: DeliveryAddress,
    tacos: z.array(PlacedTaco).min(1),
    payment: Payment,
  })
  .meta({
    id: 'OrderPlacedV2',
    title: 'OrderPlaced v2',
    description: 'A Taco Cloud order accepted by order-api, as published on the orders topic (delivery address nested).',
  });
export type OrderPlacedV2 = z.infer<typeof OrderPlacedV2>;

/** The shape listeners work with: the newest version; older ones are upcast to it. */
export type OrderPlaced = OrderPlacedV2;

export const ORDER_PLACED_V1 = { type: 'OrderPlaced', version: 1, schema: OrderPlacedV1 } as const;
export const ORDER_PLACED_V2 = { type: 'OrderPlaced', version: 2, schema: OrderPlacedV2 } as const;
/** Every published version, oldest first. */
export const ORDER_PLACED_VERSIONS = [ORDER_PLACED_V1, ORDER_PLACED_V2] as const;
export type OrderPlacedVersion = (typeof ORDER_PLACED_VERSIONS)[number]['version'];

export function upcastOrderPlacedV1({
  deliveryName,
  deliveryStreet,
  deliveryCity,
  deliveryState,
  deliveryZip,
  ...rest
}: OrderPlacedV1): OrderPlaced {
  return { ...rest, delivery: { name: deliveryName, street: deliveryStreet, city: deliveryCity, state: deliveryState, zip: deliveryZip } };
}
