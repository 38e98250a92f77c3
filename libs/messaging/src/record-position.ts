// Where a record sits in Kafka: what a send's acknowledgement, an order receipt and a
// delivery to a handler all report, in one shape.

export interface RecordPosition {
  topic: string;
  partition: number;
  /** Kafka offsets are 64-bit: a string, as kafkajs gives them. */
  offset: string;
  /** The record's timestamp, ISO 8601. */
  timestamp: string;
}
