export { DEFAULT_BATCHING, type BatchingOptions } from './batcher.js';
export { partitionFor } from './partitioner.js';
export { TypedProducer, type SendOptions, type SendResult, type TypedProducerOptions } from './typed-producer.js';
