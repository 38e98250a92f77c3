// Whether a produce request that failed may still have been stored. kafkajs takes a failed
// request's sequence numbers back, so whatever it held must go again, exactly, before anything
// else to its partitions: had the broker stored it (its answer lost with the connection, kafkajs
// giving up while reconnecting), the next batch of as many records would be taken for a retry of
// it, answered with its offsets, and dropped.

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

/** False only when Kafka refused the records themselves (kafkajs wraps its errors, so causes are read too). */
export function mayHaveBeenStored(error: unknown): boolean {
  let cause = error;
  for (let depth = 0; depth < 8 && cause instanceof Error; depth++) {
    const { type } = cause as { type?: unknown };
    if (typeof type === 'string' && REFUSED_FOR_CONTENT.has(type)) return false;
    cause = cause.cause;
  }
  return true;
}
