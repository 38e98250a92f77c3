// What the pages get: an order as the kitchen needs it and a dead letter as the operator needs
// it. Built field by field from the decoded event, so nothing of the card reaches a page (the
// event holds only its last 4 digits; the views leave even those out).
import { passesLuhn, type DeadLetterRecord, type OrderPlaced, type TailRecord } from '@tacocloud/messaging';

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
      orderId: value.orderId,
      placedAt: value.placedAt,
      deliveryName: value.delivery.name,
      deliveryCity: value.delivery.city,
      tacos: value.tacos.map((taco) => ({ name: taco.name, ingredients: taco.ingredients.map((ingredient) => ingredient.name) })),
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
    key: letter.key === null ? null : withoutCardNumbers(letter.key),
    reason: letter.reason ?? null,
    attempts: letter.attempts ?? null,
    original: {
      topic: letter.original.topic ?? null,
      partition: letter.original.partition ?? null,
      offset: letter.original.offset ?? null,
      consumerGroup: letter.original.consumerGroup ?? null,
    },
    error: letter.error === undefined ? null : withoutCardNumbers(letter.error),
    valueBytes: letter.value?.length ?? 0,
    order: order && { orderId: order.orderId, deliveryName: order.delivery.name },
    replayed,
  };
}

const DIGIT_RUN = /\d(?:[ -]?\d)*/g;

/**
 * An error text can quote the record it failed on (JSON.parse does) and a poison record can
 * be anything, a whole order with its card included: a run of 12 to 19 digits passing Luhn is
 * taken out before the text reaches a page.
 */
export function withoutCardNumbers(text: string): string {
  return text.replace(DIGIT_RUN, (run) => (holdsCardNumber(run.replace(/\D/g, '')) ? '[card number removed]' : run));
}

function holdsCardNumber(digits: string): boolean {
  for (let length = 12; length <= 19; length++) {
    for (let start = 0; start + length <= digits.length; start++) if (passesLuhn(digits.slice(start, start + length))) return true;
  }
  return false;
}
