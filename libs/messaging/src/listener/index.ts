export { deadLetterTopicOf, DltHeaders, DLT_SUFFIX } from './dead-letter.js';
export type { ListenerRecord, MessageHandler } from './record.js';
export { backoffDelay, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
export { TypedListener, type TypedListenerOptions } from './typed-listener.js';
