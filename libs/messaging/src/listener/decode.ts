// Turns a raw record into the listener's message shape, or says why it is poison: value and
// headers must be within their limits, the headers must name a type and version the topic
// accepts, and the value must match it.
import { Headers } from '@tacocloud/contract';
import type { KafkaMessage } from 'kafkajs';
import { decodeHeaders, decodeJson } from '../codec/index.js';
import { InvalidMessageError, PoisonReason } from '../errors.js';
import { headersLeftOutOf, MAX_HEADERS_PER_BATCH, MAX_HEADERS_PER_RECORD } from '../kafka/record-bounds.js';
import { undecodableBatchOf } from '../kafka/undecodable-batch.js';
import { readerFor, type ReadableTopic } from '../topics/declaration.js';
import { headersBytes } from './record-size.js';

/**
 * Below the broker's default max.message.bytes (1,048,588) by enough for the dead-letter
 * headers, so any record this listener accepts can also be copied to the DLT whole.
 */
export const DEFAULT_MAX_VALUE_BYTES = 1_000_000;
/**
 * Headers carry ids and trace context, a few hundred bytes; 32 KB leaves room for foreign
 * ones (a Spring stack trace) and, with the value limit and the dead-letter headers, stays
 * within the broker's default max.message.bytes, so an accepted record's dead letter is whole.
 */
export const DEFAULT_MAX_HEADER_BYTES = 32_768;

export interface RecordLimits {
  maxValueBytes: number;
  maxHeaderBytes: number;
}

const DEFAULT_LIMITS: RecordLimits = { maxValueBytes: DEFAULT_MAX_VALUE_BYTES, maxHeaderBytes: DEFAULT_MAX_HEADER_BYTES };

/** `decoded` is the message's headers as decodeHeaders gives them, when the caller already has them. */
export function decodeRecord<TRead>(
  topic: ReadableTopic<TRead>,
  message: KafkaMessage,
  limits: RecordLimits = DEFAULT_LIMITS,
  decoded?: Record<string, string>,
): TRead {
  const undecodable = undecodableBatchOf(message);
  if (undecodable !== undefined) throw new InvalidMessageError(undecodable, [], { reason: PoisonReason.UndecodableBatch });
  const headersLeftOut = headersLeftOutOf(message);
  if (headersLeftOut !== undefined) {
    throw new InvalidMessageError(
      `Record has ${headersLeftOut} headers, more than a consumer decodes (${MAX_HEADERS_PER_RECORD} a record, ${MAX_HEADERS_PER_BATCH} a batch); they were left out`,
      [],
      { reason: PoisonReason.TooLarge },
    );
  }
  checkSize('value', message.value?.length ?? 0, limits.maxValueBytes);
  checkSize('headers', headersBytes(message.headers), limits.maxHeaderBytes);
  const headers = decoded ?? decodeHeaders(message.headers);
  const type = headers[Headers.messageType];
  const version = headers[Headers.messageVersion];
  const reader = readerFor(topic, type, version);
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

function checkSize(part: 'value' | 'headers', bytes: number, limit: number): void {
  if (bytes <= limit) return;
  const what = part === 'value' ? 'Record value is' : 'Record headers are';
  throw new InvalidMessageError(`${what} ${bytes} bytes, above the ${limit}-byte limit`, [], { reason: PoisonReason.TooLarge });
}
