// Dead-lettering: a record that can never be handled is copied, key and value unchanged,
// to `<topic>.DLT` with headers saying where it came from and why (Spring's names, so
// Spring tooling reads our dead letters as its own). What the DLT cannot hold is left out,
// and headers say how much.
import { DLT_SUFFIX, DltHeaders, maskCardNumbers } from '@tacocloud/contract';
import type { KafkaMessage, Message, Producer } from 'kafkajs';
import { isTooLarge } from '../kafka/produce-outcome.js';
import type { TopicLayout } from '../topics/declaration.js';
import { fallbacks, type Dropped, type Fallback } from './dead-letter-fallbacks.js';

/** The DLT of a topic: same partition count, so a record keeps its partition number. */
export function deadLetterTopicOf(topic: TopicLayout): TopicLayout {
  return Object.freeze({
    name: `${topic.name}${DLT_SUFFIX}`,
    partitions: topic.partitions,
    replicationFactor: topic.replicationFactor,
    configs: topic.configs,
    fitReplicationToCluster: topic.fitReplicationToCluster,
  });
}

export interface DeadLetter {
  topic: string;
  partition: number;
  groupId: string;
  message: KafkaMessage;
  error: Error;
  reason: string;
  /** Tries of the handler before giving up; 0 for a record that could not be decoded. */
  attempts: number;
}

/**
 * Writes the letter whole or, while the DLT answers MESSAGE_TOO_LARGE, with less of the
 * original each time: a record the DLT cannot hold must not stop the listener.
 */
export async function publishDeadLetter(producer: Producer, letter: DeadLetter): Promise<void> {
  const shapes = fallbacks(letter.message);
  const dlt = `${letter.topic}${DLT_SUFFIX}`;
  for (const [i, shape] of shapes.entries()) {
    try {
      const answer = await producer.send({ topic: dlt, acks: -1, messages: [deadLetterMessage(letter, shape)] });
      // kafkajs leaves out, without a word or a request, a record for a partition its metadata
      // does not list: a letter for partition 7 of a DLT of 6 was taken for written, and its
      // record committed, gone.
      if (!answer.some((placed) => placed.partition === letter.partition)) throw new DeadLetterPartitionMissingError(dlt, letter.partition);
      return;
    } catch (error) {
      if (!isTooLarge(error) || i === shapes.length - 1) throw error;
    }
  }
}

/** Nothing was sent: the DLT has fewer partitions than the topic, as far as the producer knows. */
class DeadLetterPartitionMissingError extends Error {
  constructor(dlt: string, partition: number) {
    super(
      `${dlt} has no partition ${partition} that this listener knows of; give it as many partitions as the topic it serves (kafka-topics.sh --alter --partitions)`,
    );
    this.name = 'DeadLetterPartitionMissingError';
  }
}

function deadLetterMessage({ topic, partition, groupId, message, error, reason, attempts }: DeadLetter, shape: Fallback): Message {
  return {
    key: shape.key,
    value: shape.value,
    partition,
    headers: {
      ...shape.headers,
      [DltHeaders.originalTopic]: topic,
      [DltHeaders.originalPartition]: String(partition),
      [DltHeaders.originalOffset]: message.offset,
      [DltHeaders.originalTimestamp]: message.timestamp,
      [DltHeaders.originalTimestampType]: timestampTypeOf(message),
      [DltHeaders.originalConsumerGroup]: groupId,
      [DltHeaders.exceptionFqcn]: error.name,
      // Masked, then cut: an error can quote the record (JSON.parse quotes short text whole), and
      // this header is kept even when the letter is cut down to fit.
      [DltHeaders.exceptionMessage]: maskCardNumbers(error.message).slice(0, 1_000),
      [DltHeaders.reason]: reason,
      [DltHeaders.attempts]: String(attempts),
      ...dropMarkers(shape.dropped),
    },
  };
}

/** kafkajs's TimestampTypes.LOG_APPEND_TIME, from the record's batch (its decoder hands it on). */
const LOG_APPEND_TIME = 1;

/** Spring's names for the record's timestamp type: a topic with message.timestamp.type=LogAppendTime has the broker's. */
function timestampTypeOf(message: KafkaMessage): 'CreateTime' | 'LogAppendTime' {
  const batch = (message as { batchContext?: { timestampType?: number } }).batchContext;
  return batch?.timestampType === LOG_APPEND_TIME ? 'LogAppendTime' : 'CreateTime';
}

function dropMarkers(dropped: Dropped): Record<string, string> {
  const markers: Record<string, string> = {};
  if (dropped.value !== undefined) markers[DltHeaders.valueDropped] = String(dropped.value);
  if (dropped.headers !== undefined) markers[DltHeaders.headersDropped] = String(dropped.headers);
  if (dropped.key !== undefined) markers[DltHeaders.keyDropped] = String(dropped.key);
  return markers;
}
