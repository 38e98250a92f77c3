// Which broker leads a partition, as a kafkajs producer's own cluster metadata says, so the
// batcher can send each broker's partitions in a sendBatch of their own. kafkajs's sendBatch
// settles only once every broker it wrote to has answered: one broker that hangs (paused, cut
// off without a reset) held every partition sent with it, on healthy brokers too, for as long as
// it hung. kafkajs keeps the cluster to itself; kafkajs-preload.ts hands each producer's to
// rememberCluster as the producer is made.

/** kafkajs's cluster/index.js, as far as its cached metadata goes: nothing here asks a broker. */
export interface KafkaJsMetadataHolder {
  brokerPool: {
    metadata?: {
      topicMetadata?: readonly { topic: string; partitionMetadata: readonly { partitionId: number; leader: number }[] }[];
    } | null;
  };
}

/** The node id of the broker leading a partition, or undefined while the metadata does not say. */
export type LeaderOf = (topic: string, partition: number) => number | undefined;

const clusters = new WeakMap<object, KafkaJsMetadataHolder>();

export function rememberCluster(producer: object, cluster: KafkaJsMetadataHolder): void {
  clusters.set(producer, cluster);
}

/**
 * The producer's leader lookup. A producer made by a kafkajs loaded before this library (so
 * never seen by the preload) knows no leader: its partitions then share one sendBatch, as before.
 */
export function leaderLookup(producer: object): LeaderOf {
  const cluster = clusters.get(producer);
  if (!cluster) return () => undefined;
  return (topic, partition) =>
    cluster.brokerPool.metadata?.topicMetadata
      ?.find((candidate) => candidate.topic === topic)
      ?.partitionMetadata.find((candidate) => candidate.partitionId === partition)?.leader;
}
