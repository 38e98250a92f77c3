// Topics are data (the Spring NewTopic analog): one object binds a topic's name, layout,
// configs, the message version producers write and the versions listeners read, so
// producer and listener calls are type-checked against the topic.
import type { MessageType } from '@tacocloud/contract';
import { validate } from '../validation.js';

/** Where a topic lives and how it is laid out: what provisioning needs. */
export interface TopicLayout {
  name: string;
  partitions: number;
  replicationFactor: number;
  /** Topic-level configs, e.g. `min.insync.replicas`; checked against an existing topic. */
  configs: Readonly<Record<string, string>>;
  /**
   * Lower the replication factor (and `min.insync.replicas` with it) to what the cluster
   * can give, as the dev profile does; otherwise a cluster too small for it is refused.
   */
  fitReplicationToCluster?: boolean;
}

/** A version a listener accepts, and how it becomes the shape the handler works with. */
export interface MessageReader<TRead> {
  type: string;
  version: number;
  read(value: unknown): TRead;
}

export interface TopicDeclaration<TWrite = unknown, TRead = TWrite> extends TopicLayout {
  /** What producers write to this topic. */
  message: MessageType<TWrite>;
  /** Every version listeners accept; any other type or version is a poison record. */
  readers: readonly MessageReader<TRead>[];
  /** The record key: records with the same key stay in order on one partition. */
  key(value: TWrite): string;
  /** A stable id per message (the `message-id` header), the same on every retry: listeners dedupe on it. */
  messageId?(value: TWrite): string;
}

/** What a listener needs of a topic: where it is and which versions it accepts. */
export type ReadableTopic<TRead> = Pick<TopicDeclaration<unknown, TRead>, 'name' | 'readers'>;

/** The topic's reader for a record whose headers name this type and version; none for any other. */
export function readerFor<TRead>(
  topic: ReadableTopic<TRead>,
  type: string | undefined,
  version: string | undefined,
): MessageReader<TRead> | undefined {
  return topic.readers.find((r) => r.type === type && String(r.version) === version);
}

/** Six partitions: room for six listener replicas, Kafka's usual starting point. */
export const DEFAULT_PARTITIONS = 6;

/** Reads `message` with its schema, then converts it to the listener's shape. */
export function reader<T, TRead>(message: MessageType<T>, convert: (value: T) => TRead): MessageReader<TRead> {
  const what = `${message.type} v${message.version}`;
  return { type: message.type, version: message.version, read: (value) => convert(validate(message.schema, value, what)) };
}
