export { createKafkaClient, type KafkaClientOptions } from './client.js';
export { ClusterMonitor } from './cluster-monitor.js';
export { retryUntilReady, type StartupRetryOptions } from './startup.js';
