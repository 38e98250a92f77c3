// @tacocloud/messaging: the Kafka plumbing of the Taco Cloud order contract.

// First: it fixes kafkajs before kafkajs loads (kafka/kafkajs-preload.ts says why)
import './kafka/kafkajs-preload.js';

// The contract (@tacocloud/contract), re-exported so that apps need one import
export * from '@tacocloud/contract';

// Orders: the OrderMessagingService port and its Kafka implementation
export * from './orders/index.js';

// Topics: declarations and provisioning
export * from './topics/index.js';

// Producing (KafkaTemplate analog) and listening (@KafkaListener analog), and the wire format
export * from './codec/index.js';
export * from './producer/index.js';
export * from './listener/index.js';

// Kafka client and configuration
export * from './kafka/index.js';
export * from './config/index.js';

// Where a record sits in Kafka (receipts, send results and deliveries all extend it)
export type { RecordPosition } from './record-position.js';

// W3C trace context from HTTP through Kafka to the listener (OpenTelemetry)
export * from './tracing/index.js';

// Events on node:diagnostics_channel
export { channels, type ListenerEvent, type RecordEvent } from './events.js';

// For operators (the console, npm run dlt, npm run kafka -- lag): dead letters and their
// replay, consumer lag per partition, and a topic read from now
export * from './dead-letters/index.js';
export * from './consumer-lag/index.js';
export * from './topic-tail/index.js';

// Errors and logging
export * from './errors.js';
export { bufferedLines, isoTimeField, silentLogger, type BufferedLines, type LineSink, type Logger } from './logger.js';
