// A TypedListener whose handler does nothing, as a process of its own: the bench's baseline for
// the order-listener process, built, pinned, run with the same node flags and timed from its
// commits as that process is, so their ratio is what order-listener adds to the listener (its
// line per order, metrics and tracing) and not where each of the two happened to run.
import { createKafkaClient, ordersTopic, silentLogger, TypedListener } from '@tacocloud/messaging';

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
  handler: async () => undefined,
});
process.once('SIGTERM', () => void listener.stop().finally(() => process.exit(0)));
await listener.start();
