export { DEFAULT_BATCHING, partitionFor, type BatchingOptions } from './batcher.js';
export { TypedProducer, type SendOptions, type SendResult, type TypedProducerOptions } from './typed-producer.js';
