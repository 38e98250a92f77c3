// A dead letter as `npm run dlt` shows it: where it came from and why, read from the headers
// the listener wrote (libs/messaging dead-letter.ts); and `list`, which reads the whole DLT or,
// bounded, the newest letters of each partition.
import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { DltHeaders } from '@tacocloud/contract';
import { decodeHeaders } from '../codec/index.js';
import { decodeRecord } from '../listener/decode.js';
import { isoTimestamp } from '../timestamps.js';
import type { ReadableTopic } from '../topics/declaration.js';
import { partitionOffsets, withAdmin } from './admin.js';
import { readWindows, type Window } from './read-windows.js';

export interface DeadLetterRecord {
  partition: number;
  offset: string;
  /** When it was dead-lettered, ISO 8601. */
  timestamp: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  original: { topic?: string; partition?: string; offset?: string; consumerGroup?: string };
  reason?: string;
  error?: string;
  attempts?: string;
}

export interface DeadLetterFilter {
  /** Only letters dead-lettered at or after this time. */
  since?: Date;
  /**
   * Read only the last this many offsets of each partition, the newest letters: a bound on the
   * time and memory a listing takes, however large the DLT has grown. Older ones are counted.
   */
  newestPerPartition?: number;
}

export interface DeadLetterListing<T = DeadLetterRecord> {
  /** Oldest first per partition. */
  letters: T[];
  /** Offsets left unread below the newest ones (newestPerPartition). */
  unread: number;
}

/** The DLT's letters now (every one, unless newestPerPartition bounds it), oldest first per partition; commits nothing. */
export async function listDeadLetters(kafka: Kafka, dltTopic: string, filter: DeadLetterFilter = {}): Promise<DeadLetterRecord[]> {
  return (await readDeadLetters(kafka, dltTopic, filter)).letters;
}

/**
 * As listDeadLetters, with how many older letters newestPerPartition left unread. `view` keeps of
 * each letter only what the caller needs, as it is read: a letter may hold a megabyte, and
 * thousands of them kept whole held the console's memory for each listing.
 */
export async function readDeadLetters(kafka: Kafka, dltTopic: string, filter?: DeadLetterFilter): Promise<DeadLetterListing>;
export async function readDeadLetters<T>(
  kafka: Kafka,
  dltTopic: string,
  filter: DeadLetterFilter,
  view: (letter: DeadLetterRecord) => T,
): Promise<DeadLetterListing<T>>;
export async function readDeadLetters<T>(
  kafka: Kafka,
  dltTopic: string,
  filter: DeadLetterFilter = {},
  view?: (letter: DeadLetterRecord) => T,
): Promise<DeadLetterListing<T | DeadLetterRecord>> {
  const read: { partition: number; offset: bigint; letter: T | DeadLetterRecord }[] = [];
  const offsets = await withAdmin(kafka, (admin) => partitionOffsets(admin, dltTopic));
  const { windows, unread } = newestWindows(offsets, filter.newestPerPartition);
  await readWindows(kafka, dltTopic, `dlt-list-${randomUUID()}`, windows, {
    async batch(partition, messages) {
      for (const message of messages) {
        const letter = toDeadLetter(partition, message);
        if (isSince(letter, filter)) read.push({ partition, offset: BigInt(letter.offset), letter: view ? view(letter) : letter });
      }
    },
  });
  read.sort((a, b) => a.partition - b.partition || (a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0));
  return { letters: read.map(({ letter }) => letter), unread };
}

/** What to read of each partition: all of it, or its last `newest` offsets, and how many that leaves out. */
export function newestWindows(
  offsets: ReadonlyMap<number, { low: bigint; high: bigint }>,
  newest?: number,
): { windows: Map<number, Window>; unread: number } {
  const windows = new Map<number, Window>();
  let unread = 0n;
  for (const [partition, { low, high }] of offsets) {
    const from = newest === undefined || high - BigInt(newest) <= low ? low : high - BigInt(newest);
    windows.set(partition, { from, to: high });
    unread += from - low;
  }
  return { windows, unread: Number(unread) };
}

export function isSince(letter: DeadLetterRecord, { since }: DeadLetterFilter): boolean {
  return !since || Date.parse(letter.timestamp) >= since.getTime();
}

export function toDeadLetter(partition: number, message: KafkaMessage): DeadLetterRecord {
  const headers = decodeHeaders(message.headers);
  return {
    partition,
    offset: message.offset,
    timestamp: isoTimestamp(message.timestamp),
    key: message.key?.toString('utf8') ?? null,
    value: message.value,
    headers,
    original: {
      topic: headers[DltHeaders.originalTopic],
      partition: headers[DltHeaders.originalPartition],
      offset: headers[DltHeaders.originalOffset],
      consumerGroup: headers[DltHeaders.originalConsumerGroup],
    },
    reason: headers[DltHeaders.reason],
    error: headers[DltHeaders.exceptionMessage],
    attempts: headers[DltHeaders.attempts],
  };
}

/**
 * The letter's value as its original topic's listeners read it (for the orders topic an
 * OrderPlaced, v1 upcast); null when it does not decode: a poison record, or a letter cut down.
 */
export function decodeLetter<T>(topic: ReadableTopic<T>, letter: DeadLetterRecord): T | null {
  try {
    return decodeRecord(topic, {
      key: null,
      value: letter.value,
      headers: letter.headers,
      offset: letter.offset,
      timestamp: '0',
      attributes: 0,
    });
  } catch {
    return null;
  }
}
