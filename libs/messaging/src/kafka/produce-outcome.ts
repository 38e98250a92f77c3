// Whether a produce request that failed may still have been stored. kafkajs takes a failed
// request's sequence numbers back, so whatever it held must go again, exactly, before anything
// else to its partitions: had the broker stored it (its answer lost with the connection, kafkajs
// giving up while reconnecting), the next batch of as many records would be taken for a retry of
// it, answered with its offsets, and dropped. And whether Kafka refused a record as too large,
// which the dead-letter writer answers by sending less of it.

/**
 * Kafka's refusals of a batch for what it holds: every attempt at the same records was refused
 * the same way, so the broker stored none of them, and the sequence numbers are free again.
 */
const REFUSED_FOR_CONTENT = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'INVALID_TIMESTAMP',
  'UNSUPPORTED_FOR_MESSAGE_FORMAT',
  'INVALID_REQUIRED_ACKS',
]);

/** False only when Kafka refused the records themselves. */
export function mayHaveBeenStored(error: unknown): boolean {
  return !isKafkaErrorOf(error, REFUSED_FOR_CONTENT);
}

const TOO_LARGE = new Set(['MESSAGE_TOO_LARGE']);

/** Whether Kafka refused a record as larger than the topic's max.message.bytes. */
export function isTooLarge(error: unknown): boolean {
  return isKafkaErrorOf(error, TOO_LARGE);
}

/**
 * Whether the error, or one it wraps, is a Kafka error of one of these types: kafkajs's retrier
 * wraps the broker's error (`cause`, and `originalError` in older wrappers). The depth is bounded,
 * so a chain that loops back on itself still gives an answer.
 */
function isKafkaErrorOf(error: unknown, types: ReadonlySet<string>): boolean {
  let at = error as { type?: unknown; cause?: unknown; originalError?: unknown } | null | undefined;
  for (let depth = 0; depth < 8 && typeof at === 'object' && at !== null; depth++) {
    if (typeof at.type === 'string' && types.has(at.type)) return true;
    at = (at.cause ?? at.originalError) as typeof at;
  }
  return false;
}
