export { DEFAULT_BATCHING, partitionFor, type BatchingOptions } from './batcher.js';
export { decodeJson, encodeJson } from './codec.js';
export { decodeHeaders, Headers, JSON_CONTENT_TYPE } from './headers.js';
export { DEFAULT_SEND_TIMEOUT_MS, TypedProducer, type SendOptions, type SendResult, type TypedProducerOptions } from './typed-producer.js';
