// Turns a raw record into the listener's message shape, or says why it is poison: the
// headers must name a type and version the topic accepts, and the value must match it.
import type { KafkaMessage } from 'kafkajs';
import { InvalidMessageError, PoisonReason } from '../errors.js';
import { decodeJson } from '../producer/codec.js';
import { decodeHeaders, Headers } from '../producer/headers.js';
import type { ReadableTopic } from '../topics/declaration.js';

/**
 * Below the broker's default max.message.bytes (1,048,588) by enough for the dead-letter
 * headers, so any record this listener accepts can also be copied to the DLT whole.
 */
export const DEFAULT_MAX_VALUE_BYTES = 1_000_000;

export function decodeRecord<TRead>(topic: ReadableTopic<TRead>, message: KafkaMessage, maxValueBytes = DEFAULT_MAX_VALUE_BYTES): TRead {
  if (message.value && message.value.length > maxValueBytes) {
    throw new InvalidMessageError(`Record value is ${message.value.length} bytes, above the ${maxValueBytes}-byte limit`, [], {
      reason: PoisonReason.TooLarge,
    });
  }
  const headers = decodeHeaders(message.headers);
  const type = headers[Headers.messageType];
  const version = headers[Headers.messageVersion];
  const reader = topic.readers.find((r) => r.type === type && String(r.version) === version);
  if (!reader) {
    const accepted = topic.readers.map((r) => `${r.type} v${r.version}`).join(', ');
    throw new InvalidMessageError(
      `Unknown message type ${type ?? '(no message-type header)'} v${version ?? '?'}; ${topic.name} accepts ${accepted}`,
      [],
      { reason: PoisonReason.UnknownType },
    );
  }
  return reader.read(decodeJson(message.value));
}
