// Dead-lettering: a record that can never be handled is copied, key and value unchanged,
// to `<topic>.DLT` with headers saying where it came from and why (Spring's names, so
// Spring tooling reads our dead letters as its own).
import type { KafkaMessage, Producer } from 'kafkajs';
import type { TopicLayout } from '../topics/declaration.js';

export const DltHeaders = {
  originalTopic: 'kafka_dlt-original-topic',
  originalPartition: 'kafka_dlt-original-partition',
  originalOffset: 'kafka_dlt-original-offset',
  originalTimestamp: 'kafka_dlt-original-timestamp',
  originalTimestampType: 'kafka_dlt-original-timestamp-type',
  originalConsumerGroup: 'kafka_dlt-original-consumer-group',
  exceptionFqcn: 'kafka_dlt-exception-fqcn',
  exceptionMessage: 'kafka_dlt-exception-message',
  reason: 'dlt-reason',
  attempts: 'dlt-attempts',
} as const;

export const DLT_SUFFIX = '.DLT';

/** The DLT of a topic: same partition count, so a record keeps its partition number. */
export function deadLetterTopicOf(topic: TopicLayout): TopicLayout {
  return Object.freeze({
    name: `${topic.name}${DLT_SUFFIX}`,
    partitions: topic.partitions,
    replicationFactor: topic.replicationFactor,
    configs: topic.configs,
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

export async function publishDeadLetter(producer: Producer, { topic, partition, groupId, message, error, reason, attempts }: DeadLetter): Promise<void> {
  await producer.send({
    topic: `${topic}${DLT_SUFFIX}`,
    acks: -1,
    messages: [
      {
        key: message.key,
        value: message.value,
        partition,
        headers: {
          ...message.headers,
          [DltHeaders.originalTopic]: topic,
          [DltHeaders.originalPartition]: String(partition),
          [DltHeaders.originalOffset]: message.offset,
          [DltHeaders.originalTimestamp]: message.timestamp,
          [DltHeaders.originalTimestampType]: 'CreateTime',
          [DltHeaders.originalConsumerGroup]: groupId,
          [DltHeaders.exceptionFqcn]: error.name,
          [DltHeaders.exceptionMessage]: error.message,
          [DltHeaders.reason]: reason,
          [DltHeaders.attempts]: String(attempts),
        },
      },
    ],
  });
}
