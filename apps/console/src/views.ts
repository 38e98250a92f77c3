// What the pages get: an order as the kitchen needs it and a dead letter as the operator needs
// it. Built field by field from the decoded event, so nothing of the card reaches a page (the
// event holds only its last 4 digits; the views leave even those out). Every text is masked
// too: order-api refuses a card number in a name or address, but anyone who can write to the
// topic can put one there, and the live page is public.
import { maskCardNumbers, type DeadLetterRecord, type OrderPlaced, type TailRecord } from '@tacocloud/messaging';

const text = maskCardNumbers;

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

export interface LetterView {
  partition: number;
  offset: string;
  timestamp: string;
  key: string | null;
  reason: string | null;
  attempts: string | null;
  original: { topic: string | null; partition: string | null; offset: string | null; consumerGroup: string | null };
  error: string | null;
  valueBytes: number;
  /** The order the letter holds, when its value decodes (a handler failure, not a poison record). */
  order: { orderId: string; deliveryName: string } | null;
  replayed: boolean;
}

export function letterView(letter: DeadLetterRecord, replayed: boolean, order: OrderPlaced | null = null): LetterView {
  return {
    partition: letter.partition,
    offset: letter.offset,
    timestamp: letter.timestamp,
    key: letter.key === null ? null : text(letter.key),
    reason: letter.reason ?? null,
    attempts: letter.attempts ?? null,
    original: {
      topic: letter.original.topic ?? null,
      partition: letter.original.partition ?? null,
      offset: letter.original.offset ?? null,
      consumerGroup: letter.original.consumerGroup ?? null,
    },
    error: letter.error === undefined ? null : text(letter.error),
    valueBytes: letter.value?.length ?? 0,
    order: order && { orderId: order.orderId, deliveryName: text(order.delivery.name) },
    replayed,
  };
}
