// The one way this library writes to Kafka: an idempotent producer. It must not give up on
// a batch and move on (that breaks its sequence numbers), so it retries without a count
// limit; callers bound how long they wait (see TypedProducer's send deadline).
import { Partitioners, type Kafka, type Producer } from 'kafkajs';

export function idempotentProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    // The idempotent producer keeps order with one request in flight per broker.
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 10_000 },
  });
}
