// The changes to kafkajs that must be in place before kafkajs itself loads, so the library's
// entry points import this module first.
//
// kafkajs groups a send's records by partition by copying the partition's array for every record
// it adds (tulios/kafkajs#1576, never merged): quadratic in the records a partition gets. A
// request of the typed producer's 1,000 records a partition made about 4 KB of garbage a record,
// a third of all it allocated, and a bulk send of 20,000 records took two seconds. Its module,
// sendMessages, takes the function when it loads, so it is replaced in the module cache before
// then; when kafkajs was loaded first (a program importing it before this library), kafkajs
// keeps its own, which is slower but gives the same groups.
//
// Each producer's cluster is remembered for partition-leaders.ts: kafkajs's entry point takes the
// producer factory when it loads, so the factory is wrapped in the module cache before then.
import { createRequire } from 'node:module';
import { PATCHED_VERSION } from './kafkajs-patches.js';
import { rememberCluster, type KafkaJsMetadataHolder } from './partition-leaders.js';

const require = createRequire(import.meta.url);

interface Grouping<M> {
  topic: string;
  partitionMetadata: readonly unknown[];
  messages: readonly M[];
  partitioner: (args: { topic: string; partitionMetadata: readonly unknown[]; message: M }) => number;
}

/** kafkajs's producer/groupMessagesPerPartition.js in linear time: each partition's records, in the order sent. */
export function groupMessagesPerPartition<M>({ topic, partitionMetadata, messages, partitioner }: Grouping<M>): Record<number, M[]> {
  const groups: Record<number, M[]> = {};
  if (partitionMetadata.length === 0) return groups;
  for (const message of messages) {
    const partition = partitioner({ topic, partitionMetadata, message });
    const group = groups[partition];
    if (group) group.push(message);
    else groups[partition] = [message];
  }
  return groups;
}

const GROUPING_MODULE = 'kafkajs/src/producer/groupMessagesPerPartition.js';
const PRODUCER_MODULE = 'kafkajs/src/producer/index.js';

type CreateProducer = (options: { cluster: KafkaJsMetadataHolder }) => object;

/**
 * Puts the linear grouping in kafkajs's place and has each producer's cluster remembered, unless
 * kafkajs (or another version of it) loaded first. The grouping goes first: the producer module
 * loads sendMessages, which takes it.
 */
function prepareKafkaJs(): void {
  const { version } = require('kafkajs/package.json') as { version: string };
  if (version !== PATCHED_VERSION || require.cache[require.resolve('kafkajs/src/producer/sendMessages.js')]) return;
  require(GROUPING_MODULE);
  require.cache[require.resolve(GROUPING_MODULE)]!.exports = groupMessagesPerPartition;
  const createProducer = require(PRODUCER_MODULE) as CreateProducer;
  require.cache[require.resolve(PRODUCER_MODULE)]!.exports = function createProducerRememberingCluster(
    options: Parameters<CreateProducer>[0],
  ): object {
    const producer = createProducer(options);
    rememberCluster(producer, options.cluster);
    return producer;
  };
}

prepareKafkaJs();
