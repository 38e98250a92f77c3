// What the pages get: an order as the kitchen needs it and a dead letter as the operator needs
// it. Built field by field from the decoded event, so nothing of the card reaches a page (the
// event holds only its last 4 digits; the views leave even those out). Every text is masked
// too: order-api refuses a card number in a name or address, but anyone who can write to the
// topic can put one there, and the live page is public. Every text is bounded as well: a name
// of a megabyte from such a producer, in each of the recent orders, made one answer of /api/orders
// 45 MB, and clients that never read it held gigabytes of the console's memory.
import {
  shownLetter,
  shownText as text,
  type DeadLetterRecord,
  type OrderPlaced,
  type ShownLetter,
  type TailRecord,
} from '@tacocloud/messaging';

export interface OrderView {
  partition: number;
  offset: string;
  /** When the record was written, ISO 8601. */
  timestamp: string;
  order: {
    orderId: string;
    placedAt: string;
    deliveryName: string;
    deliveryCity: string;
    tacos: { name: string; ingredients: string[] }[];
  } | null;
  /** A record the orders topic should not hold, by reason code. */
  poison?: string;
}

export function orderView(record: TailRecord<OrderPlaced>): OrderView {
  const { partition, offset, timestamp, value } = record;
  if (value === null) return { partition, offset, timestamp, order: null, poison: record.poison ?? 'undecodable' };
  return {
    partition,
    offset,
    timestamp,
    order: {
      orderId: text(value.orderId),
      placedAt: value.placedAt,
      deliveryName: text(value.delivery.name),
      deliveryCity: text(value.delivery.city),
      tacos: value.tacos.map((taco) => ({
        name: text(taco.name),
        ingredients: taco.ingredients.map((ingredient) => text(ingredient.name)),
      })),
    },
  };
}

export interface LetterView extends ShownLetter {
  /** The order the letter holds, when its value decodes (a handler failure, not a poison record). */
  order: { orderId: string; deliveryName: string } | null;
  /** False for a letter no replay sends back (forged, or cut down to fit the DLT); replays pass over it. */
  replayable: boolean;
  replayed: boolean;
}

export function letterView(letter: DeadLetterRecord, replayable: boolean, replayed: boolean, order: OrderPlaced | null = null): LetterView {
  return {
    ...shownLetter(letter),
    order: order && { orderId: text(order.orderId), deliveryName: text(order.delivery.name) },
    replayable,
    replayed: replayable && replayed,
  };
}
