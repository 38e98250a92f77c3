// The validated order as OrderPlaced v1 and its headers, as order-api writes them: the card
// reduced to its last 4 digits and expiration, no CVV.
import { randomUUID } from 'node:crypto';
import { Headers, ingredientById, JSON_CONTENT_TYPE, ORDER_PLACED_V1, type OrderPlacedV1, type TacoOrder } from '@tacocloud/contract';

export function toOrderPlaced(order: TacoOrder): OrderPlacedV1 {
  return {
    eventId: randomUUID(),
    orderId: randomUUID(),
    placedAt: new Date().toISOString(),
    deliveryName: order.deliveryName,
    deliveryStreet: order.deliveryStreet,
    deliveryCity: order.deliveryCity,
    deliveryState: order.deliveryState,
    deliveryZip: order.deliveryZip,
    tacos: order.tacos.map((taco) => ({ name: taco.name, ingredients: taco.ingredients.map(ingredientById) })),
    payment: { cardLast4: order.ccNumber.slice(-4), cardExpiration: order.ccExpiration },
  };
}

export function headersFor(event: OrderPlacedV1): Record<string, string> {
  return {
    [Headers.messageType]: ORDER_PLACED_V1.type,
    [Headers.messageVersion]: String(ORDER_PLACED_V1.version),
    [Headers.contentType]: JSON_CONTENT_TYPE,
    [Headers.correlationId]: randomUUID(),
    [Headers.messageId]: event.eventId,
  };
}
