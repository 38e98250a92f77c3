// OrderPlaced v1: the event order-api publishes for every accepted order. This is the
// contract other teams consume; docs/ holds its JSON Schema, generated from this file.
// The card never leaves order-api whole: the event keeps only its last 4 digits.
import { z } from 'zod';
import { Ingredient } from './ingredient.js';

export const ORDER_PLACED = { type: 'OrderPlaced', version: 1 } as const;

export const PlacedTaco = z.object({
  name: z.string().min(5),
  ingredients: z.array(Ingredient).min(1),
});
export type PlacedTaco = z.infer<typeof PlacedTaco>;

export const OrderPlacedV1 = z
  .object({
    eventId: z.uuid().describe('Unique per event; the same on every redelivery and every retry of the same order'),
    orderId: z.uuid().describe('Order id; the record key'),
    placedAt: z.iso.datetime({ offset: true }).describe('When order-api accepted the order (ISO 8601)'),
    deliveryName: z.string().min(1),
    deliveryStreet: z.string().min(1),
    deliveryCity: z.string().min(1),
    deliveryState: z.string().min(1),
    deliveryZip: z.string().min(1),
    tacos: z.array(PlacedTaco).min(1),
    payment: z
      .object({
        cardLast4: z.string().regex(/^\d{4}$/),
        cardExpiration: z.string().regex(/^(0[1-9]|1[0-2])\/\d{2}$/),
      })
      .describe('Only what the kitchen may see of the card: never the full number or the CVV'),
  })
  .meta({
    id: 'OrderPlacedV1',
    title: 'OrderPlaced v1',
    description: 'A Taco Cloud order accepted by order-api, as published on the orders topic.',
  });
export type OrderPlacedV1 = z.infer<typeof OrderPlacedV1>;
