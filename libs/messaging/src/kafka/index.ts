export { accessDeniedFrom } from './access-denied.js';
export { applyKafkaJsPatches } from './kafkajs-patches.js';
export { connectionOf, createKafkaClient, kafkaJsSecurity, type KafkaClientOptions, type KafkaConnection } from './client.js';
export { describeBrokers, type BrokerView, type RegisteredBroker } from './describe-brokers.js';
export { ClusterMonitor } from './cluster-monitor.js';
export { assertBrokersAnswer } from './preflight.js';
export { DEFAULT_SEND_TIMEOUT_MS } from './producers.js';
export { retryUntilReady, type StartupRetryOptions } from './startup.js';
export { hostAndPort } from './wire.js';
