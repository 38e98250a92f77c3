// order-listener's configuration: the shared Kafka settings plus the worker's own, parsed once.
import {
  decimalVar,
  integerVar,
  LISTENER_DEFAULTS,
  LOW_MEMORY_FETCH,
  MESSAGING_ENV,
  messagingConfigFrom,
  parseEnv,
  profileRules,
  type ListenerFetchLimits,
  type MessagingConfig,
  type RetryPolicy,
} from '@tacocloud/messaging';
import { z } from 'zod';

const OrderListenerEnv = z
  .object({
    ...MESSAGING_ENV,
    HEALTH_PORT: integerVar(8081, { min: 0, max: 65_535 }),
    HOST: z.string().trim().min(1).default('0.0.0.0'),
    LISTENER_CONCURRENCY: integerVar(LISTENER_DEFAULTS.partitionsConsumedConcurrently, { max: 64 }),
    LISTENER_RETRY_ATTEMPTS: integerVar(LISTENER_DEFAULTS.retry.attempts, { max: 100 }),
    LISTENER_RETRY_INITIAL_DELAY_MS: integerVar(LISTENER_DEFAULTS.retry.initialDelayMs, { min: 0, max: 600_000 }),
    LISTENER_RETRY_MULTIPLIER: decimalVar(LISTENER_DEFAULTS.retry.multiplier, { min: 1, max: 10 }),
    LISTENER_RETRY_MAX_DELAY_MS: integerVar(LISTENER_DEFAULTS.retry.maxDelayMs, { min: 0, max: 3_600_000 }),
    LISTENER_SESSION_TIMEOUT_MS: integerVar(LISTENER_DEFAULTS.sessionTimeoutMs, { min: 6_000, max: 300_000 }),
    // About 200 bytes an id (two UUIDs and the map's own): a million stays well inside a pod's 512 MiB.
    LISTENER_DEDUPE_WINDOW: integerVar(LISTENER_DEFAULTS.dedupeWindow, { min: 0, max: 1_000_000 }),
    LISTENER_MAX_VALUE_BYTES: integerVar(LISTENER_DEFAULTS.maxValueBytes, { min: 1024, max: 100 * 1024 * 1024 }),
    LISTENER_FETCH_MAX_BYTES: integerVar(LOW_MEMORY_FETCH.maxBytes, { min: 64 * 1024, max: 100 * 1024 * 1024 }),
    LISTENER_FETCH_PARTITION_MAX_BYTES: integerVar(LOW_MEMORY_FETCH.maxBytesPerPartition, {
      min: 16 * 1024,
      max: 100 * 1024 * 1024,
    }),
    // A broker restart or leader election is over in seconds; a minute without Kafka is an
    // outage worth a restart by the supervisor, with a log line saying why.
    KAFKA_UNREACHABLE_EXIT_MS: integerVar(60_000, { min: 0, max: 86_400_000 }),
  })
  .superRefine(profileRules);

export interface OrderListenerConfig extends MessagingConfig {
  /** 0 picks a free port (several replicas on one machine). */
  health: { host: string; port: number };
  concurrency: number;
  retry: RetryPolicy;
  dedupeWindow: number;
  sessionTimeoutMs: number;
  maxValueBytes: number;
  /** Memory against drain speed: LOW_MEMORY_FETCH by default, for the replica's memory budget. */
  fetch: ListenerFetchLimits;
  /** 0: never give up on Kafka. */
  unreachableExitMs: number;
}

export function loadConfig(env: NodeJS.ProcessEnv): Readonly<OrderListenerConfig> {
  const values = parseEnv(OrderListenerEnv, env);
  return Object.freeze({
    ...messagingConfigFrom(values, 'order-listener'),
    health: { host: values.HOST, port: values.HEALTH_PORT },
    concurrency: values.LISTENER_CONCURRENCY,
    retry: {
      attempts: values.LISTENER_RETRY_ATTEMPTS,
      initialDelayMs: values.LISTENER_RETRY_INITIAL_DELAY_MS,
      multiplier: values.LISTENER_RETRY_MULTIPLIER,
      maxDelayMs: values.LISTENER_RETRY_MAX_DELAY_MS,
    },
    dedupeWindow: values.LISTENER_DEDUPE_WINDOW,
    sessionTimeoutMs: values.LISTENER_SESSION_TIMEOUT_MS,
    maxValueBytes: values.LISTENER_MAX_VALUE_BYTES,
    fetch: { maxBytes: values.LISTENER_FETCH_MAX_BYTES, maxBytesPerPartition: values.LISTENER_FETCH_PARTITION_MAX_BYTES },
    unreachableExitMs: values.KAFKA_UNREACHABLE_EXIT_MS,
  });
}
