// The benchmark payload: real OrderPlaced v1 events (about 1 KB), as order-api writes them.
import { writeFileSync } from 'node:fs';
import { Headers, TacoOrder, toOrderPlaced, type OrderPlacedV1 } from '@tacocloud/messaging';
import { SAMPLE_ORDER } from '@tacocloud/messaging/testing';

export const ORDER = TacoOrder.parse(SAMPLE_ORDER);

export function sampleEvent(): OrderPlacedV1 {
  return toOrderPlaced(ORDER, { orderId: crypto.randomUUID(), placedAt: new Date() });
}

export function eventRecord(event: OrderPlacedV1 = sampleEvent()) {
  return {
    key: event.orderId,
    value: JSON.stringify(event),
    headers: {
      [Headers.messageType]: 'OrderPlaced',
      [Headers.messageVersion]: '1',
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
