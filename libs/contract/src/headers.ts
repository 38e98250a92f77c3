// Record headers of the contract, for our apps and for teams that read the topics with other
// clients: what identifies a message (the role of Spring's __TypeId__ header), and what a dead
// letter says about where it came from and why.

export const Headers = {
  messageType: 'message-type',
  messageVersion: 'message-version',
  contentType: 'content-type',
  correlationId: 'correlation-id',
  messageId: 'message-id',
} as const;

export const JSON_CONTENT_TYPE = 'application/json';

/** Dead-letter headers: Spring for Apache Kafka's names, so Spring tooling reads our letters as its own. */
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
  /** Set when the DLT could not hold the original value: its size in bytes. */
  valueDropped: 'dlt-value-dropped-bytes',
  /** Set when the DLT could not hold some original headers: their size in bytes. */
  headersDropped: 'dlt-headers-dropped-bytes',
  /** Set when the DLT could not hold the original key: its size in bytes. */
  keyDropped: 'dlt-key-dropped-bytes',
} as const;

/** A topic's dead-letter topic is its name with this suffix (Spring's default). */
export const DLT_SUFFIX = '.DLT';
