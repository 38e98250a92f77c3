export { createKafkaClient, type KafkaClientOptions } from './client.js';
export { retryUntilReady, type StartupRetryOptions } from './startup.js';
