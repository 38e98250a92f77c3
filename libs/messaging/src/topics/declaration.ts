// Topics are data (the Spring NewTopic analog): one object binds a topic's name, layout,
// configs and the message it carries, so producer and listener calls are type-checked.
import type { z } from 'zod';

/** A message type on the wire: name and version travel in record headers. */
export interface MessageType<T = unknown> {
  type: string;
  version: number;
  schema: z.ZodType<T>;
}

export interface TopicDeclaration<T = unknown> {
  name: string;
  partitions: number;
  replicationFactor: number;
  /** Topic-level configs, e.g. `min.insync.replicas`; checked against an existing topic. */
  configs: Readonly<Record<string, string>>;
  message: MessageType<T>;
  /** The record key: records with the same key stay in order on one partition. */
  key(value: T): string;
}

export type MessageOf<D> = D extends TopicDeclaration<infer T> ? T : never;

/** Six partitions: room for six listener replicas, Kafka's usual starting point. */
export const DEFAULT_PARTITIONS = 6;

export function declareTopic<T>(
  declaration: Omit<TopicDeclaration<T>, 'partitions' | 'replicationFactor' | 'configs'> &
    Partial<Pick<TopicDeclaration<T>, 'partitions' | 'replicationFactor' | 'configs'>>,
): TopicDeclaration<T> {
  return Object.freeze({
    partitions: DEFAULT_PARTITIONS,
    replicationFactor: 1,
    configs: {},
    ...declaration,
  });
}
