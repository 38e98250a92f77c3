// What the pages get: an order as the kitchen needs it and a dead letter as the operator needs
// it. Built field by field from the decoded event, so nothing of the card reaches a page (the
// event holds only its last 4 digits; the views leave even those out). Every text is masked
// too: order-api refuses a card number in a name or address, but anyone who can write to the
// topic can put one there, and the live page is public. Every text is bounded as well: a name
// of a megabyte from such a producer, in each of the recent orders, made one answer of /api/orders
// 45 MB, and clients that never read it held gigabytes of the console's memory.
import { maskCardNumbers, type DeadLetterRecord, type OrderPlaced, type TailRecord } from '@tacocloud/messaging';

/** Longest text of an order shown: a delivery name or a taco's name is a few words. */
export const MAX_TEXT_CHARS = 200;
/** Longest error shown with a letter: enough for a zod issue list's first lines. */
export const MAX_ERROR_CHARS = 2_000;

/**
 * Masked whole, then cut: a card number cut in two first would show its first digits unmasked.
 * The cut says how much was left out, so a page never passes a cut text off as whole.
 */
function text(value: string, max = MAX_TEXT_CHARS): string {
  const masked = maskCardNumbers(value);
  return masked.length <= max ? masked : `${masked.slice(0, max)}… (${masked.length - max} more characters)`;
}

const optionalText = (value: string | undefined): string | null => (value === undefined ? null : text(value));

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
  /** False for a letter no replay sends back (forged, or cut down to fit the DLT); replays pass over it. */
  replayable: boolean;
  replayed: boolean;
}

export function letterView(letter: DeadLetterRecord, replayable: boolean, replayed: boolean, order: OrderPlaced | null = null): LetterView {
  return {
    partition: letter.partition,
    offset: letter.offset,
    timestamp: letter.timestamp,
    key: letter.key === null ? null : text(letter.key),
    // Headers whoever wrote the letter chose, as any other text of it.
    reason: optionalText(letter.reason),
    attempts: optionalText(letter.attempts),
    original: {
      topic: optionalText(letter.original.topic),
      partition: optionalText(letter.original.partition),
      offset: optionalText(letter.original.offset),
      consumerGroup: optionalText(letter.original.consumerGroup),
    },
    error: letter.error === undefined ? null : text(letter.error, MAX_ERROR_CHARS),
    valueBytes: letter.value?.length ?? 0,
    order: order && { orderId: text(order.orderId), deliveryName: text(order.delivery.name) },
    replayable,
    replayed: replayable && replayed,
  };
}
