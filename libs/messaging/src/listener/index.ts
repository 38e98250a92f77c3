export { deadLetterTopicOf } from './dead-letter.js';
export type { ListenerRecord, MessageHandler } from './record.js';
export { backoffDelay, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
export { DEFAULT_MAX_VALUE_BYTES } from './decode.js';
export {
  LISTENER_DEFAULTS,
  LOW_MEMORY_FETCH,
  TypedListener,
  type ListenerFetchLimits,
  type ListenerStats,
  type TypedListenerOptions,
} from './typed-listener.js';
