// Every Kafka call an operator's command or page makes settles: an answer, an error, or this
// deadline's error naming what did not finish. kafkajs retries some operations for a long time
// (or forever, for an idempotent producer), and a command or a page must end.

/** `operation`'s outcome, or an error after `ms`; a late rejection is observed, never unhandled. */
export async function within<T>(operation: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1_000} s; is Kafka reachable?`)), ms);
  });
  operation.catch(() => undefined);
  try {
    return await Promise.race([operation, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Deadline for one Kafka call: createKafkaClient lets kafkajs retry a request for ~30 s (a
 * broker restart, a leader election) with a 30 s request timeout, so a call still pending
 * after a minute is not coming back.
 */
export const KAFKA_CALL_MS = 60_000;
