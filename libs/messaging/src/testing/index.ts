// @tacocloud/messaging/testing: test doubles and integration-test helpers for packages that
// depend on the messaging lib. Not for production code.
// First: it fixes kafkajs before kafkajs loads (kafka/kafkajs-preload.ts says why)
import '../kafka/kafkajs-preload.js';
export { InMemoryOrderMessagingService, type InMemoryOrderMessagingOptions } from './in-memory-order-messaging-service.js';
export { createTopics, produceRaw, readRecords, testKafka, topicSize, uniqueName, type RawRecord } from './kafka.js';
export { runTypeScript, type RunningProcess, type RunOptions } from './process.js';
export { startHostileEndpoint, type HostileBehaviour, type HostileEndpoint } from './hostile-endpoints.js';
export { findCardData, findCardDataInLines, type CardData } from './card-data.js';
export { parsePrometheus, sampleValue, type PrometheusSample } from './prometheus.js';
export { SAMPLE_ORDER } from '@tacocloud/contract';
export { waitFor } from './wait-for.js';
export { postOrder } from './post-order.js';
