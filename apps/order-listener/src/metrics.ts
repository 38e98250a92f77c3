// A listener replica's Prometheus metrics, from what the typed listener reports on
// node:diagnostics_channel (fetched, handled, retried, dead-lettered, duplicate) and its state
// (partitions owned, time since the last fetch). Labels are bounded: topic, partition, reason.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { channels } from '@tacocloud/messaging';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface ListenerState {
  assignedPartitions: Readonly<Record<string, readonly number[]>>;
  secondsSinceLastFetch: number | undefined;
}

export interface ListenerMetrics {
  registry: Registry;
  /** Stops listening to the messaging lib's channels. */
  close(): void;
}

interface RecordEvent {
  topic: string;
  partition: number;
  offset: string;
}

/** Seconds: from a log line (well under a millisecond) to a slow downstream call. */
const HANDLER_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createListenerMetrics(listener: ListenerState): ListenerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const perPartition = (name: string, help: string, extra: string[] = []) =>
    new Counter({ name, help, labelNames: ['topic', 'partition', ...extra], registers: [registry] });
  const handled = perPartition('listener_records_handled_total', 'Records the handler finished');
  const retried = perPartition('listener_records_retried_total', 'Handler failures that will be tried again after a back-off');
  const deadLettered = perPartition('listener_records_dead_lettered_total', 'Records sent to the dead-letter topic, by reason', ['reason']);
  const duplicates = perPartition('listener_records_duplicate_total', 'Records skipped because their message id was handled before');
  const handlerDuration = new Histogram({
    name: 'listener_handler_duration_seconds',
    help: 'Time the handler took for a record',
    buckets: HANDLER_BUCKETS,
    registers: [registry],
  });
  /** The end of each owned partition when it was last fetched: lag is measured against it. */
  const ends = new Map<string, bigint>();
  const lag = new Gauge({
    name: 'kafka_consumer_lag',
    help: 'Records of an owned partition not handled yet, as of its last fetch (end offset minus the next to handle)',
    labelNames: ['topic', 'partition'],
    registers: [registry],
    collect() {
      // A partition that moved to another replica is that replica's to report.
      const owned = new Set(
        Object.entries(listener.assignedPartitions).flatMap(([topic, partitions]) => partitions.map((p) => `${topic}:${p}`)),
      );
      for (const key of ends.keys()) {
        if (owned.has(key)) continue;
        const [topic, partition] = splitKey(key);
        this.remove({ topic, partition });
        ends.delete(key);
      }
    },
  });
  new Gauge({
    name: 'listener_assigned_partitions',
    help: 'Partitions this replica owns',
    labelNames: ['topic'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [topic, partitions] of Object.entries(listener.assignedPartitions)) this.set({ topic }, partitions.length);
    },
  });
  new Gauge({
    name: 'kafka_consumer_seconds_since_last_fetch',
    help: 'Seconds since the consumer last finished a fetch (-1 before the first)',
    registers: [registry],
    collect() {
      this.set(listener.secondsSinceLastFetch ?? -1);
    },
  });

  const labelsOf = ({ topic, partition }: RecordEvent) => ({ topic, partition: String(partition) });
  const subscriptions: [string | symbol, (event: unknown) => void][] = [
    [
      channels.fetched.name,
      (event) => {
        const { topic, partition, highWatermark, firstOffset } = event as {
          topic: string;
          partition: number;
          highWatermark: string;
          firstOffset: string;
        };
        ends.set(`${topic}:${partition}`, BigInt(highWatermark));
        lag.set({ topic, partition: String(partition) }, Number(BigInt(highWatermark) - BigInt(firstOffset)));
      },
    ],
    [
      channels.handled.name,
      (event) => {
        const record = event as RecordEvent & { durationMs: number };
        handled.inc(labelsOf(record));
        handlerDuration.observe(record.durationMs / 1000);
        const end = ends.get(`${record.topic}:${record.partition}`);
        if (end !== undefined) lag.set(labelsOf(record), Math.max(0, Number(end - BigInt(record.offset) - 1n)));
      },
    ],
    [channels.retried.name, (event) => retried.inc(labelsOf(event as RecordEvent))],
    [channels.duplicate.name, (event) => duplicates.inc(labelsOf(event as RecordEvent))],
    [
      channels.deadLettered.name,
      (event) => deadLettered.inc({ ...labelsOf(event as RecordEvent), reason: (event as { reason: string }).reason }),
    ],
  ];
  for (const [channel, listen] of subscriptions) subscribe(channel, listen);
  return {
    registry,
    close() {
      for (const [channel, listen] of subscriptions) unsubscribe(channel, listen);
    },
  };
}

function splitKey(key: string): [string, string] {
  const at = key.lastIndexOf(':');
  return [key.slice(0, at), key.slice(at + 1)];
}
