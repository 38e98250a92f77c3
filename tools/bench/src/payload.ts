// The benchmark payload: real OrderPlaced events (about 1 KB), as order-api writes them: v2 by
// default, v1 for the peers' consumers (the book's Spring listener binds v1 only).
import { writeFileSync } from 'node:fs';
import { Headers, TacoOrder, toOrderPlaced, type OrderPlacedVersion } from '@tacocloud/messaging';
import { SAMPLE_ORDER } from '@tacocloud/messaging/testing';

export const ORDER = TacoOrder.parse(SAMPLE_ORDER);

export function sampleEvent(version: OrderPlacedVersion = 2) {
  return toOrderPlaced(ORDER, { orderId: crypto.randomUUID(), placedAt: new Date() }, version);
}

/** A record as a producer that builds it would send: the event mapped, JSON-encoded, keyed. */
export function eventRecord(version: OrderPlacedVersion = 2) {
  const event = sampleEvent(version);
  return {
    key: event.orderId,
    value: JSON.stringify(event),
    headers: {
      [Headers.messageType]: 'OrderPlaced',
      [Headers.messageVersion]: String(version),
      [Headers.messageId]: event.eventId,
      [Headers.contentType]: 'application/json',
    },
  };
}

/** One event per line, for ProducerPerformance --payload-file. */
export function writePayloadFile(file: string, count: number): number {
  const lines = Array.from({ length: count }, () => JSON.stringify(sampleEvent()));
  writeFileSync(file, `${lines.join('\n')}\n`);
  return Math.round(lines.reduce((sum, line) => sum + Buffer.byteLength(line), 0) / lines.length);
}
