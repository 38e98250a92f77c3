// `npm run dlt -- replay`: re-publishes dead letters to their original topics, key, value and
// headers unchanged (dead-letter headers dropped, `dlt-replayed-from` added). A letter the
// listener had to cut down to fit the DLT (value, key or headers left out) stays, and replays
// pass over it: sent back, it would only be dead-lettered again, without what it lost. What
// was replayed is kept by the group dlt-replay.<dlt> (see replayed-offsets.ts), so a letter is
// replayed once and a letter left behind (older than --since) stays replayable. The read ends at
// the offsets captured at the start: letters arriving meanwhile, such as a replayed letter
// failing again, are new records left for the next replay. At least once: a batch is committed
// after the broker acknowledged its letters, so a replay cut short between the two re-sends it.
import { DLT_SUFFIX, DltHeaders } from '@tacocloud/contract';
import { Partitioners, type IHeaders, type Kafka, type KafkaMessage, type Message, type Producer } from 'kafkajs';
import { committedOffsets, groupMemberCount, partitionOffsets, withAdmin } from './admin.js';
import { isSince, toDeadLetter, type DeadLetterFilter, type DeadLetterRecord } from './dead-letters.js';
import { PoisonReason } from '../errors.js';
import { KAFKA_CALL_MS, within } from '../kafka/deadline.js';
import { readWindows, type OffsetCommit, type Window } from './read-windows.js';
import { ReplayedOffsets } from './replayed-offsets.js';

export interface ReplayReport {
  replayed: number;
  /**
   * Of those replayed, letters dead-lettered because the listener could not read them (not
   * JSON, an unknown type or version, a schema mismatch, too large): they come back to the DLT
   * unless the listener or whoever wrote them changed since.
   */
  unreadable: number;
  /** Read again but replayed by an earlier run (one with --since that left older letters); of a selection, chosen ones only. */
  alreadyReplayed: number;
  /** Left in the DLT, still replayable: dead-lettered before --since. */
  olderThanSince: number;
  /**
   * Left in the DLT: without an original-topic header there is nowhere to send them, and one
   * naming a topic other than this DLT's own (`<topic>.DLT` holds letters of `<topic>` only)
   * is forged: a replay never writes where a letter's writer pointed it.
   */
  noOriginalTopic: number;
  /** Left in the DLT: cut down to fit it, so not the record that failed. */
  cutDown: number;
  /** Left in the DLT, still replayable: not among the letters chosen (the console replays a selection). */
  notChosen: number;
}

/** One letter by its place in the DLT. */
export interface LetterId {
  partition: number;
  offset: string;
}

export interface ReplayOptions extends DeadLetterFilter {
  /** Only these letters; every other one stays replayable. All letters when absent. */
  letters?: readonly LetterId[];
}

export const REPLAYED_FROM = 'dlt-replayed-from';
/** Letters per produce request, by size: under the broker's default max.message.bytes (1 MB). */
const MAX_SEND_BYTES = 512 * 1024;
/** A record's own framing in a batch (lengths, offsets, timestamps, attributes): generous. */
const RECORD_OVERHEAD_BYTES = 64;
/** Set by the listener when it wrote a letter with less than the record it failed on. */
const CUT_DOWN = [DltHeaders.valueDropped, DltHeaders.headersDropped, DltHeaders.keyDropped];
const UNREADABLE: ReadonlySet<string | undefined> = new Set(Object.values(PoisonReason));

export function replayGroupOf(dltTopic: string): string {
  return `dlt-replay.${dltTopic}`;
}

export async function replayDeadLetters(kafka: Kafka, dltTopic: string, filter: ReplayOptions = {}): Promise<ReplayReport> {
  if (originalTopicOf(dltTopic) === undefined) {
    // Its letters would all be left, and the replay group's offsets committed on that topic.
    throw new Error(`${dltTopic} is not a dead-letter topic: a replay reads <topic>${DLT_SUFFIX} and sends its letters to <topic>`);
  }
  const chosen = filter.letters ? new Set(filter.letters.map(({ partition, offset }) => `${partition}:${BigInt(offset)}`)) : undefined;
  const groupId = replayGroupOf(dltTopic);
  const home = originalTopicOf(dltTopic);
  const { offsets, committed } = await withAdmin(kafka, async (admin) => {
    // Two replays in one group would split the partitions and each commit over the other.
    const members = await groupMemberCount(admin, groupId);
    if (members > 0)
      throw new Error(
        `Another replay of ${dltTopic} is running (group ${groupId} has ${members} member(s)); run this one when it has finished`,
      );
    return { offsets: await partitionOffsets(admin, dltTopic), committed: await committedOffsets(admin, groupId, dltTopic) };
  });
  const progress = new Map<number, PartitionProgress>();
  const windows = new Map<number, Window>();
  for (const [partition, { low, high }] of offsets) {
    const partitionProgress = new PartitionProgress(committed.get(partition), low);
    progress.set(partition, partitionProgress);
    windows.set(partition, { from: partitionProgress.replayed.watermark, to: chosen ? chosenEnd(chosen, partition, high) : high });
  }

  const report: ReplayReport = {
    replayed: 0,
    unreadable: 0,
    alreadyReplayed: 0,
    olderThanSince: 0,
    noOriginalTopic: 0,
    cutDown: 0,
    notChosen: 0,
  };
  // Chosen letters below where reading starts were all replayed before (those below the
  // partition's low offset are gone): counted here, since they are not read.
  for (const key of chosen ?? []) {
    const [partition, offset] = key.split(':').map(BigInt) as [bigint, bigint];
    const window = windows.get(Number(partition));
    const low = offsets.get(Number(partition))?.low;
    if (window && low !== undefined && offset >= low && offset < window.from) report.alreadyReplayed++;
  }
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  try {
    await within(producer.connect(), KAFKA_CALL_MS, 'Connecting the producer');
    await readWindows(kafka, dltTopic, groupId, windows, {
      async batch(partition, messages) {
        const partitionProgress = progress.get(partition)!;
        const out: { topic: string; message: Message }[] = [];
        for (const message of messages) {
          const offset = BigInt(message.offset);
          const letter = toDeadLetter(partition, message);
          const never = whyNotReplayable(letter, dltTopic);
          const isChosen = !chosen || chosen.has(`${partition}:${offset}`);
          // Only chosen letters are counted: the console tells a letter it did not find by what
          // the report accounts for, and the window holds others too.
          if (never) {
            // Passed over, not left: no run can replay it, and left letters between replayed
            // ones made ranges until the commit could not record them, and every replay failed
            // (a hostile review: 700 forged letters among real ones).
            if (isChosen) report[never === 'cut-down' ? 'cutDown' : 'noOriginalTopic']++;
          } else if (partitionProgress.replayed.has(offset)) report.alreadyReplayed += isChosen ? 1 : 0;
          else if (!isChosen) {
            partitionProgress.leave(offset);
            report.notChosen++;
          } else if (!isSince(letter, filter)) {
            partitionProgress.leave(offset);
            report.olderThanSince++;
          } else {
            out.push({
              topic: home!,
              message: replayMessage(`${dltTopic}:${partition}:${message.offset}`, message),
            });
            if (UNREADABLE.has(letter.reason)) report.unreadable++;
          }
        }
        // Nothing is sent that could not then be committed: sent but never committed, a batch
        // would go out again on every later run.
        const last = messages.at(-1);
        if (last) partitionProgress.assertCommittable(BigInt(last.offset) + 1n);
        await send(producer, out);
        report.replayed += out.length;
      },
      commitAt: (partition, readTo) => progress.get(partition)?.commitAt(readTo),
    });
  } finally {
    await within(producer.disconnect(), KAFKA_CALL_MS, 'Disconnecting the producer').catch(() => undefined);
  }
  return report;
}

/**
 * Why no replay can send a letter back, if none can: it names no original topic, or one other
 * than this DLT's own (forged: a replay never writes where a letter's writer pointed it), or the
 * listener cut it down to fit the DLT (not the record that failed; it would only fail again).
 */
export function whyNotReplayable(letter: DeadLetterRecord, dltTopic: string): 'no-original-topic' | 'cut-down' | undefined {
  const home = originalTopicOf(dltTopic);
  if (home === undefined || letter.original.topic !== home) return 'no-original-topic';
  return CUT_DOWN.some((name) => name in letter.headers) ? 'cut-down' : undefined;
}

/** `<topic>.DLT` holds letters of `<topic>` only. */
function originalTopicOf(dltTopic: string): string | undefined {
  return dltTopic.endsWith(DLT_SUFFIX) ? dltTopic.slice(0, -DLT_SUFFIX.length) : undefined;
}

/** Where reading `partition` can stop: after its last chosen letter (an empty window when none is chosen). */
function chosenEnd(chosen: ReadonlySet<string>, partition: number, high: bigint): bigint {
  let end = 0n;
  for (const key of chosen) {
    const [p, offset] = key.split(':');
    if (Number(p) === partition && BigInt(offset!) + 1n > end) end = BigInt(offset!) + 1n;
  }
  return end < high ? end : high;
}

/** Whether a letter was replayed already (by `npm run dlt -- replay` or the console), as the replay group recorded it. */
export async function replayedLetters(kafka: Kafka, dltTopic: string): Promise<(letter: LetterId) => boolean> {
  const committed = await withAdmin(kafka, (admin) => committedOffsets(admin, replayGroupOf(dltTopic), dltTopic));
  const replayed = new Map(
    [...committed].map(([partition, { offset, metadata }]) => [partition, ReplayedOffsets.fromCommit(offset, metadata)]),
  );
  return ({ partition, offset }) => replayed.get(partition)?.has(BigInt(offset)) ?? false;
}

/** One partition's replay: what is known replayed, and the letters left since the last commit. */
class PartitionProgress {
  replayed: ReplayedOffsets;
  private readTo: bigint;
  private readonly left: bigint[] = [];
  private lastCommit: string;

  constructor(committed: { offset: string; metadata: string | null } | undefined, low: bigint) {
    this.replayed = ReplayedOffsets.fromCommit(committed?.offset, committed?.metadata);
    // Letters removed by retention cannot be replayed by anyone; they do not hold the group back.
    this.replayed.add(0n, low);
    this.readTo = this.replayed.watermark;
    this.lastCommit = `${committed?.offset}|${committed?.metadata}`;
  }

  /** A letter read but not replayed: no commit will pass it. */
  leave(offset: bigint): void {
    this.left.push(offset);
  }

  /** Throws, before anything of the batch read up to `readTo` is sent, when its commit could not be recorded. */
  assertCommittable(readTo: bigint): void {
    this.replayedUpTo(readTo).toCommit();
  }

  private replayedUpTo(readTo: bigint): ReplayedOffsets {
    const replayed = this.replayed.copy();
    let from = this.readTo;
    for (const offset of this.left) {
      replayed.add(from, offset);
      from = offset + 1n;
    }
    replayed.add(from, readTo);
    return replayed;
  }

  /** Everything read up to `readTo` counts as replayed except the letters left: the commit for it. */
  commitAt(readTo: bigint): OffsetCommit | undefined {
    this.replayed = this.replayedUpTo(readTo);
    this.left.length = 0;
    this.readTo = readTo;
    const commit = this.replayed.toCommit();
    const key = `${commit.offset}|${commit.metadata}`;
    if (key === this.lastCommit) return undefined;
    this.lastCommit = key;
    return commit;
  }
}

/** The original record again: its headers as they were (bytes, not decoded text), without the dead-letter ones. */
function replayMessage(source: string, message: KafkaMessage): Message {
  const kept: IHeaders = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value !== undefined && !name.startsWith('kafka_dlt-') && !name.startsWith('dlt-')) kept[name] = value;
  }
  return { key: message.key, value: message.value, headers: { ...kept, [REPLAYED_FROM]: source } };
}

function sizeOf({ key, value, headers }: Message): number {
  let bytes = RECORD_OVERHEAD_BYTES + (value?.length ?? 0) + (key?.length ?? 0);
  for (const [name, header] of Object.entries(headers ?? {})) {
    for (const part of [header].flat()) bytes += Buffer.byteLength(name) + (part === undefined ? 0 : Buffer.byteLength(part));
  }
  return bytes;
}

async function send(producer: Producer, letters: { topic: string; message: Message }[]): Promise<void> {
  let chunk: typeof letters = [];
  let bytes = 0;
  for (const letter of letters) {
    const size = sizeOf(letter.message);
    if (chunk.length > 0 && bytes + size > MAX_SEND_BYTES) {
      await sendChunk(producer, chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(letter);
    bytes += size;
  }
  if (chunk.length > 0) await sendChunk(producer, chunk);
}

async function sendChunk(producer: Producer, letters: { topic: string; message: Message }[]): Promise<void> {
  const byTopic = new Map<string, Message[]>();
  for (const { topic, message } of letters) byTopic.set(topic, [...(byTopic.get(topic) ?? []), message]);
  const topicMessages = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
  await within(producer.sendBatch({ acks: -1, topicMessages }), KAFKA_CALL_MS, `Sending ${letters.length} letter(s) back`);
}
