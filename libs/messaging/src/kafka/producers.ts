// The one way this library writes to Kafka: an idempotent producer. It must not give up on
// a batch and move on (that breaks its sequence numbers), so it retries without a count
// limit; callers bound how long they wait (see TypedProducer's send deadline). kafkajs still
// gives up when reconnecting runs out of the client's retries (a broker away for about 30 s):
// the batcher and the dead-letter writer then send the same records again (produce-outcome.ts).
import { Partitioners, type Kafka, type Producer } from 'kafkajs';

/**
 * Long enough to ride out the loss of a broker, short enough for an HTTP client. With acks=all
 * a dead broker stalls writes on every partition it replicates until the controller fences it
 * (broker.session.timeout.ms, 9 s, counted from its last heartbeat) and moves leaders and ISRs:
 * 9 to 11 s in the fault suite.
 */
export const DEFAULT_SEND_TIMEOUT_MS = 15_000;

export function idempotentProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    // The idempotent producer keeps order with one request in flight per broker.
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
    // Back-off capped at 1 s, as the Java producer's retry.backoff.max.ms: after a leader dies
    // the new one is found within a second of its election, not after a back-off grown to 10 s.
    retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 100, maxRetryTime: 1_000 },
  });
}
