// A TypedListener whose handler does nothing, as a process of its own: the bench's baseline for
// the order-listener process, built, pinned, run with the same node flags and timed from its
// commits as that process is, so their ratio is what order-listener adds to the listener (its
// line per order, metrics and tracing) and not where each of the two happened to run.
import { createKafkaClient, LOW_MEMORY_FETCH, ordersTopic, retryUntilReady, silentLogger, TypedListener } from '@tacocloud/messaging';

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`noop-listener: ${name} is required`);
    process.exit(2);
  }
  return value;
}

const listener = new TypedListener({
  kafka: createKafkaClient({ brokers: required('KAFKA_BROKERS').split(','), clientId: 'bench-noop-listener', logger: silentLogger }),
  topic: ordersTopic({ name: required('ORDERS_TOPIC') }),
  groupId: required('ORDER_LISTENER_GROUP'),
  // order-listener's default fetch sizes.
  fetch: LOW_MEMORY_FETCH,
  handler: async () => undefined,
});
const stopping = new AbortController();
process.once('SIGTERM', () => {
  stopping.abort();
  void listener.stop().finally(() => process.exit(0));
});
// As order-listener starts: a passing Kafka error at start-up is retried, not the end of the run.
await retryUntilReady('Kafka start-up', () => listener.start(), { logger: silentLogger, signal: stopping.signal }).catch(
  (error: unknown) => {
    if (stopping.signal.aborted) return;
    console.error(`noop-listener: cannot start: ${(error as Error).message}`);
    process.exit(1);
  },
);
