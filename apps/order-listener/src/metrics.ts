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
  // Per record, the handled count and lag only update a partition's tally; prom-client (a label
  // hash per call) and the lag's BigInt arithmetic run once per scrape, not once per order.
  const tallies = new PartitionTallies();
  new Counter({
    name: 'listener_records_handled_total',
    help: 'Records the handler finished',
    labelNames: ['topic', 'partition'],
    registers: [registry],
    collect() {
      for (const tally of tallies.all()) {
        if (tally.handledSinceScrape === 0) continue;
        this.inc(tally.labels, tally.handledSinceScrape);
        tally.handledSinceScrape = 0;
      }
    },
  });
  const retried = perPartition('listener_records_retried_total', 'Handler failures that will be tried again after a back-off');
  const deadLettered = perPartition('listener_records_dead_lettered_total', 'Records sent to the dead-letter topic, by reason', ['reason']);
  const duplicates = perPartition('listener_records_duplicate_total', 'Records skipped because their message id was handled before');
  const handlerDuration = new Histogram({
    name: 'listener_handler_duration_seconds',
    help: 'Time the handler took for a record',
    buckets: HANDLER_BUCKETS,
    registers: [registry],
  });
  new Gauge({
    name: 'kafka_consumer_lag',
    help: 'Records of an owned partition not handled yet, as of its last fetch (end offset minus the next to handle)',
    labelNames: ['topic', 'partition'],
    registers: [registry],
    collect() {
      // A partition that moved to another replica is that replica's to report.
      const owned = listener.assignedPartitions;
      for (const tally of tallies.all()) {
        if (tally.end === undefined) continue;
        if (owned[tally.topic]?.includes(tally.partition)) {
          this.set(tally.labels, Math.max(0, Number(BigInt(tally.end) - BigInt(tally.nextOffset) - (tally.afterHandled ? 1n : 0n))));
        } else {
          this.remove(tally.labels);
          tally.end = undefined;
        }
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
  // Handled, skipped as a duplicate or dead-lettered: each is done with, and the lag moves past
  // it (it once moved on handled records only, and stayed up after a duplicate for good).
  const passed = (record: RecordEvent) => {
    const tally = tallies.of(record.topic, record.partition);
    tally.nextOffset = record.offset;
    tally.afterHandled = true;
    return tally;
  };
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
        const tally = tallies.of(topic, partition);
        tally.end = highWatermark;
        tally.nextOffset = firstOffset;
        tally.afterHandled = false;
      },
    ],
    [
      channels.handled.name,
      (event) => {
        const record = event as RecordEvent & { durationMs: number };
        passed(record).handledSinceScrape++;
        handlerDuration.observe(record.durationMs / 1000);
      },
    ],
    [channels.retried.name, (event) => retried.inc(labelsOf(event as RecordEvent))],
    [
      channels.duplicate.name,
      (event) => {
        passed(event as RecordEvent);
        duplicates.inc(labelsOf(event as RecordEvent));
      },
    ],
    [
      channels.deadLettered.name,
      (event) => {
        passed(event as RecordEvent);
        deadLettered.inc({ ...labelsOf(event as RecordEvent), reason: (event as { reason: string }).reason });
      },
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

interface PartitionTally {
  readonly topic: string;
  readonly partition: number;
  readonly labels: { topic: string; partition: string };
  handledSinceScrape: number;
  /** The partition's end offset at its last fetch; undefined until fetched, or once it moved away. */
  end: string | undefined;
  /** The next record to handle: the first one fetched, or (afterHandled) the one after this offset. */
  nextOffset: string;
  afterHandled: boolean;
}

class PartitionTallies {
  private readonly byTopic = new Map<string, Map<number, PartitionTally>>();

  of(topic: string, partition: number): PartitionTally {
    let partitions = this.byTopic.get(topic);
    if (!partitions) this.byTopic.set(topic, (partitions = new Map()));
    let tally = partitions.get(partition);
    if (!tally) {
      tally = {
        topic,
        partition,
        labels: { topic, partition: String(partition) },
        handledSinceScrape: 0,
        end: undefined,
        nextOffset: '0',
        afterHandled: false,
      };
      partitions.set(partition, tally);
    }
    return tally;
  }

  *all(): Iterable<PartitionTally> {
    for (const partitions of this.byTopic.values()) yield* partitions.values();
  }
}
