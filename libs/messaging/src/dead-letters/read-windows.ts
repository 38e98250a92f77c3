// Reads chosen offset windows [from, to) of a topic's partitions in a consumer group, and
// commits only what the caller asks for. kafkajs has no assign(), so the group consumer seeks
// each partition to its window's start. Windows end at offsets captured before reading: the
// read ends while records keep arriving, and never hands over (or commits) those records.
import type { Kafka, KafkaMessage } from 'kafkajs';
import { KAFKA_CALL_MS, within } from '../kafka/deadline.js';

export interface Window {
  from: bigint;
  to: bigint;
}

export interface OffsetCommit {
  offset: string;
  metadata: string;
}

export interface WindowReader {
  /** One fetched batch's records inside the window, in offset order, each handed once. */
  batch(partition: number, messages: KafkaMessage[]): Promise<void>;
  /** What to commit now that `partition` has been read up to `readTo` (exclusive). */
  commitAt?(partition: number, readTo: bigint): OffsetCommit | undefined;
}

/**
 * A window still unread after this long without a fetched batch is an error, not "done":
 * the group join and kafkajs's retries of a restarting broker take less (see KAFKA_CALL_MS).
 */
const STALL_MS = KAFKA_CALL_MS;

export async function readWindows(
  kafka: Kafka,
  topic: string,
  groupId: string,
  windows: Map<number, Window>,
  reader: WindowReader,
): Promise<void> {
  const open = new Map([...windows].filter(([, window]) => window.from < window.to));
  if (open.size === 0) return;
  const position = new Map([...open].map(([partition, window]) => [partition, window.from]));
  // A crash must end the command, not restart the consumer from the committed offsets.
  const consumer = kafka.consumer({
    groupId,
    maxWaitTimeInMs: 200,
    allowAutoTopicCreation: false,
    retry: { restartOnFailure: async () => false },
  });
  let finish!: () => void;
  let reject!: (error: unknown) => void;
  const done = new Promise<void>((resolve, rejectDone) => ((finish = resolve), (reject = rejectDone)));
  let failed = false;
  let ended = false;
  const fail = (error: unknown) => {
    failed = true;
    reject(error);
  };
  let stall: NodeJS.Timeout | undefined;
  const progressed = () => {
    clearTimeout(stall);
    if (ended) return;
    stall = setTimeout(() => fail(new Error(`Reading ${topic} stalled: ${describe(open, position)}`)), STALL_MS);
  };
  const advance = (partition: number, lastOffset: string) => {
    const window = open.get(partition);
    const at = position.get(partition);
    if (!window || at === undefined || at >= window.to) return;
    const next = BigInt(lastOffset) + 1n < window.to ? BigInt(lastOffset) + 1n : window.to;
    if (next > at) position.set(partition, next);
    if (next < window.to) return;
    consumer.pause([{ topic, partitions: [partition] }]);
    if ([...open].every(([p, w]) => (position.get(p) ?? 0n) >= w.to)) finish();
  };

  let joins = 0;
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    const assigned = payload.memberAssignment[topic] ?? [];
    if (++joins > 1 || [...open.keys()].some((partition) => !assigned.includes(partition))) {
      fail(
        new Error(`Another consumer joined group ${groupId} while this one read ${topic}; stopped (what was committed stays committed)`),
      );
    }
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => fail(payload.error));
  // Batches with nothing but transaction markers never reach eachBatch; they still move the read on.
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    progressed();
    advance(payload.partition, payload.lastOffset);
  });

  try {
    progressed();
    await within(consumer.connect(), KAFKA_CALL_MS, `Connecting to read ${topic}`);
    await within(consumer.subscribe({ topic, fromBeginning: true }), KAFKA_CALL_MS, `Subscribing to ${topic}`);
    const running = consumer.run({
      autoCommit: false,
      // An error thrown from here would make kafkajs retry the batch, handing its records over
      // again; instead the read stops, and no batch after it is handed over or committed.
      eachBatch: async ({ batch, heartbeat }) => {
        const window = open.get(batch.partition);
        const at = position.get(batch.partition);
        if (failed || !window || at === undefined) return;
        try {
          const inWindow = batch.messages.filter((message) => BigInt(message.offset) >= at && BigInt(message.offset) < window.to);
          if (inWindow.length > 0) await reader.batch(batch.partition, inWindow);
          await heartbeat();
          advance(batch.partition, batch.lastOffset());
          const commit = reader.commitAt?.(batch.partition, position.get(batch.partition) ?? at);
          if (commit)
            await within(
              consumer.commitOffsets([{ topic, partition: batch.partition, ...commit }]),
              KAFKA_CALL_MS,
              `Committing in group ${groupId}`,
            );
        } catch (error) {
          fail(error);
        }
      },
    });
    // Seeks made now are applied when the group assigns the partitions, before the first fetch.
    for (const [partition, window] of open) consumer.seek({ topic, partition, offset: String(window.from) });
    running.catch(fail);
    await done;
    const commits = [...open].flatMap(([partition, window]) => {
      const commit = reader.commitAt?.(partition, window.to);
      return commit ? [{ topic, partition, ...commit }] : [];
    });
    if (commits.length > 0) await within(consumer.commitOffsets(commits), KAFKA_CALL_MS, `Committing in group ${groupId}`);
  } finally {
    ended = true;
    clearTimeout(stall);
    // What matters was committed above; a member that fails to leave is dropped by the group
    // after its session timeout, so this outcome does not change the command's.
    await within(consumer.disconnect(), KAFKA_CALL_MS, `Leaving group ${groupId}`).catch(() => undefined);
  }
}

function describe(open: Map<number, Window>, position: Map<number, bigint>): string {
  return [...open]
    .filter(([partition, window]) => (position.get(partition) ?? 0n) < window.to)
    .map(([partition, window]) => `partition ${partition} at offset ${position.get(partition)} of ${window.to}`)
    .join(', ');
}
