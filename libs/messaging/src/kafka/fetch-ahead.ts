// Fetching ahead, as the Java consumer does. kafkajs sends a broker its next fetch only once every
// batch of the last one is handled, so a consumer waits out each round trip, and the broker's
// reading, with nothing to do: a sixth of the listener's time in a profile, more the smaller its
// fetches. A consumer run through runFetchingAhead sends the next fetch as the last one's batches
// go to the handlers, for the positions after them. Its batches are handed over only where they
// still follow on: a partition whose batch was handled in part (a retry's back-off, a stop), was
// paused or sought, or a new generation of the group, gets them fetched again from where it is.
//
// A fetch that goes ahead changes nothing while the handlers run: a seek, and the recovery from
// a failed fetch (kafkajs rejoins the group, resets offsets), are left to the ordinary fetch that
// then follows, once the handlers are done, as kafkajs would do them.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import type { Consumer, ConsumerRunConfig } from 'kafkajs';

/** What this module reads of kafkajs's consumer/batch.js. */
export interface FetchedBatch {
  topic: string;
  partition: number;
  /** The position the batch was fetched from; its messages are those at or after it. */
  fetchedOffset: string;
  messages: readonly { offset: string }[];
  isEmptyDueToFiltering(): boolean;
  lastOffset(): string;
}

interface KafkaJsLongValue {
  toString(): string;
}

interface KafkaJsConsumerGroup {
  generationId: number | null;
  seekOffset: { readonly size: number };
  offsetManager: { nextOffset(topic: string, partition: number): KafkaJsLongValue };
  isPaused(topic: string, partition: number): boolean;
}

/** What kafkajs's consumer group does around a fetch: seeks first, recovers after a failure. */
interface KafkaJsFetchRecovery {
  offsetManager: { resolveOffsets(): Promise<void> };
  seekOffsets(this: KafkaJsFetchRecovery, topicPartitions: unknown): Promise<void>;
  recoverFromFetch(this: KafkaJsFetchRecovery, error: unknown): Promise<void>;
}

interface KafkaJsRunner {
  consumerGroup: KafkaJsConsumerGroup;
  running: boolean;
  fetch(this: KafkaJsRunner, nodeId: number): Promise<FetchedBatch[]>;
}

/** A fetch sent ahead, and what it came back with. */
interface AheadFetch {
  /** Where each partition that had records in the last fetch goes on from. */
  positions: Map<string, string>;
  generationId: number | null;
  /** It needed kafkajs's recovery (or threw): its batches are not used. */
  failed: boolean;
  batches: FetchedBatch[];
}

const fetchingAhead = new AsyncLocalStorage<true>();
const aheadFetch = new AsyncLocalStorage<AheadFetch>();
const require = createRequire(import.meta.url);

/** `consumer.run(config)`, with each fetch sent while the last one's batches are being handled. */
export function runFetchingAhead(consumer: Consumer, config: ConsumerRunConfig): Promise<void> {
  // kafkajs starts its runner, and restarts it after a crash, from within this call.
  return fetchingAhead.run(true, () => consumer.run(config));
}

const positionKey = (topic: string, partition: number): string => `${topic}|${partition}`;

/**
 * Where each partition goes on from once `batches` are handled whole: past its last message, or
 * past what kafkajs resolves for a batch of control records or aborted ones only.
 */
export function positionsAfter(batches: readonly FetchedBatch[]): Map<string, string> {
  const positions = new Map<string, string>();
  for (const batch of batches) {
    const last = batch.messages.length > 0 ? batch.messages[batch.messages.length - 1]!.offset : undefined;
    const through = last ?? (batch.isEmptyDueToFiltering() ? batch.lastOffset() : undefined);
    if (through !== undefined) positions.set(positionKey(batch.topic, batch.partition), (BigInt(through) + 1n).toString());
  }
  return positions;
}

/** The batches of a fetch sent ahead that still follow on from where their partitions are now. */
export function stillFollowingOn(group: KafkaJsConsumerGroup, batches: readonly FetchedBatch[]): FetchedBatch[] {
  return batches.filter(
    ({ topic, partition, fetchedOffset }) =>
      !group.isPaused(topic, partition) && group.offsetManager.nextOffset(topic, partition).toString() === fetchedOffset,
  );
}

export function patchFetchAhead(): void {
  const Runner = require('kafkajs/src/consumer/runner.js') as { prototype: KafkaJsRunner };
  const ConsumerGroup = require('kafkajs/src/consumer/consumerGroup.js') as { prototype: KafkaJsFetchRecovery };
  const OffsetManager = require('kafkajs/src/consumer/offsetManager/index.js') as { prototype: KafkaJsConsumerGroup['offsetManager'] };
  const Long = require('kafkajs/src/utils/long.js') as { fromValue(value: string): KafkaJsLongValue };

  const nextOffset = OffsetManager.prototype.nextOffset;
  OffsetManager.prototype.nextOffset = function nextOffsetOrAhead(topic, partition) {
    const position = aheadFetch.getStore()?.positions.get(positionKey(topic, partition));
    return position === undefined ? nextOffset.call(this, topic, partition) : Long.fromValue(position);
  };
  const seekOffsets = ConsumerGroup.prototype.seekOffsets;
  ConsumerGroup.prototype.seekOffsets = async function seekOffsetsUnlessAhead(topicPartitions) {
    if (aheadFetch.getStore() === undefined) return seekOffsets.call(this, topicPartitions);
    // Kafka's response leaves out a partition with a seek pending; the ordinary fetch seeks. A
    // partition new to the group still gets its starting offset, as kafkajs's seekOffsets gives it.
    await this.offsetManager.resolveOffsets();
  };
  const recoverFromFetch = ConsumerGroup.prototype.recoverFromFetch;
  ConsumerGroup.prototype.recoverFromFetch = async function recoverUnlessAhead(error) {
    const ahead = aheadFetch.getStore();
    if (ahead === undefined) return recoverFromFetch.call(this, error);
    ahead.failed = true;
  };

  const sentAhead = new WeakMap<KafkaJsRunner, Map<number, Promise<AheadFetch>>>();
  const fetch = Runner.prototype.fetch;
  const sendAhead = (runner: KafkaJsRunner, nodeId: number, after: readonly FetchedBatch[]): Promise<AheadFetch> => {
    const ahead: AheadFetch = {
      positions: positionsAfter(after),
      generationId: runner.consumerGroup.generationId,
      failed: false,
      batches: [],
    };
    return aheadFetch
      .run(ahead, () => fetch.call(runner, nodeId))
      .then(
        (batches) => Object.assign(ahead, { batches }),
        () => Object.assign(ahead, { failed: true }),
      );
  };
  Runner.prototype.fetch = async function fetchAheadIfAsked(nodeId) {
    if (fetchingAhead.getStore() !== true) return fetch.call(this, nodeId);
    let pending = sentAhead.get(this);
    if (!pending) sentAhead.set(this, (pending = new Map()));
    const sent = pending.get(nodeId);
    pending.delete(nodeId);
    const ahead = sent && (await sent);
    const group = this.consumerGroup;
    const usable = ahead && !ahead.failed && ahead.generationId === group.generationId && group.seekOffset.size === 0;
    const batches = usable ? stillFollowingOn(group, ahead.batches) : await fetch.call(this, nodeId);
    if (this.running) pending.set(nodeId, sendAhead(this, nodeId, batches));
    return batches;
  };
}
