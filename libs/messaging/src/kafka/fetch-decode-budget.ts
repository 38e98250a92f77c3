// How much a fetch response may grow into once its compressed batches are decoded. kafkajs
// decodes every batch of a response before the consumer sees any, and each compressed batch
// may grow to 64 MB (compression-codecs.ts): twenty zstd batches of a few KB each, one 60 MB
// record of zeros apiece, took a consumer to 1.5 GB, and a partition's 256 KB fetch holds a
// hundred of them; a hundred that fail to decompress took 15 s, past the session timeout. Past
// the budget (bytes, time, or one failed batch) the rest of a response is left as Kafka leaves
// the tail of one that reached its size limit, to be fetched again once the records before it
// are handled; the first compressed batch of a response is always decoded, so a consumer always
// moves on.
import { AsyncLocalStorage } from 'node:async_hooks';
import { MAX_BATCH_BYTES } from './batch-bounds.js';

/** What a response's compressed batches may decompress to, with their records' objects. */
export const FETCH_DECODE_BUDGET_BYTES = 16 * 1024 * 1024;
/**
 * What kafkajs's object for a record costs beyond its bytes (offset and timestamp strings, the
 * headers object), counted against the budget: a batch of millions of empty records
 * decompresses to little and would make millions of objects.
 */
export const RECORD_OVERHEAD_BYTES = 256;
/** More records than a batch may declare: their objects alone would weigh as much as the largest batch. */
export const MAX_RECORDS_PER_BATCH = MAX_BATCH_BYTES / RECORD_OVERHEAD_BYTES;

/**
 * kafkajs heartbeats only between fetches: decoding one response must end well within the
 * group's session timeout (10 s by default), whatever its batches cost.
 */
export const FETCH_DECODE_BUDGET_MS = 1_000;

class FetchDecodeBudget {
  private readonly startedAt = performance.now();
  private spent = 0;
  private batches = 0;

  /** Whether one more compressed batch may be decoded in this response. */
  allowsAnother(): boolean {
    return this.batches === 0 || (this.spent < FETCH_DECODE_BUDGET_BYTES && performance.now() - this.startedAt < FETCH_DECODE_BUDGET_MS);
  }

  /** A compressed batch that could not be decoded: as costly as a response may be. */
  exhaust(): void {
    this.batches++;
    this.spent = FETCH_DECODE_BUDGET_BYTES;
  }

  /** Bytes a batch decompressed to (its codec says). */
  charge(bytes: number): void {
    this.spent += bytes;
  }

  /** A compressed batch decoded into `records` records. */
  chargeBatch(records: number): void {
    this.batches++;
    this.spent += records * RECORD_OVERHEAD_BYTES;
  }
}

const budgets = new AsyncLocalStorage<FetchDecodeBudget>();

/** Runs a fetch response's decoding with a budget of its own. */
export function withFetchDecodeBudget<R>(decode: () => R): R {
  return budgets.run(new FetchDecodeBudget(), decode);
}

/** The budget of the response being decoded; none outside one (a test decoding a batch alone). */
export function fetchDecodeBudget(): FetchDecodeBudget | undefined {
  return budgets.getStore();
}
