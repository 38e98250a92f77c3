// Turns a raw record into a validated message, or says why it is poison.
import type { KafkaMessage } from 'kafkajs';
import { InvalidMessageError, PoisonReason } from '../errors.js';
import { decodeJson, validate } from '../producer/codec.js';
import { decodeHeaders, Headers } from '../producer/headers.js';
import type { TopicDeclaration } from '../topics/declaration.js';

export function decodeRecord<T>(topic: TopicDeclaration<T>, message: KafkaMessage): T {
  const headers = decodeHeaders(message.headers);
  const type = headers[Headers.messageType];
  const version = headers[Headers.messageVersion];
  const expected = topic.message;
  if (type !== expected.type || version !== String(expected.version)) {
    throw new InvalidMessageError(
      `Unknown message type ${type ?? '(no message-type header)'} v${version ?? '?'}; ${topic.name} carries ${expected.type} v${expected.version}`,
      [],
      { reason: PoisonReason.UnknownType },
    );
  }
  return validate(expected.schema, decodeJson(message.value), `${expected.type} v${expected.version}`);
}
