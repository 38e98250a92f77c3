// order-api's configuration: the shared Kafka settings plus HTTP ones, parsed once at start.
import {
  DEFAULT_BATCHING,
  DEFAULT_SEND_TIMEOUT_MS,
  integerVar,
  MESSAGING_ENV,
  messagingConfigFrom,
  optionalIntegerVar,
  parseEnv,
  profileRules,
  Secret,
  secretFileVar,
  type BatchingOptions,
  type MessagingConfig,
} from '@tacocloud/messaging';
import { z } from 'zod';
import { DEFAULT_MAX_CONNECTIONS, type HttpListenConfig } from './listen.js';

const MIN_SECRET_CHARS = 32;
const SHORT_SECRET = `must be at least ${MIN_SECRET_CHARS} characters (e.g. openssl rand -hex 32)`;

const OrderApiEnv = z
  .object({
    ...MESSAGING_ENV,
    PORT: integerVar(8080, { min: 0, max: 65_535 }),
    HOST: z.string().trim().min(1).default('0.0.0.0'),
    HTTP_MAX_CONNECTIONS: integerVar(DEFAULT_MAX_CONNECTIONS, { min: 1, max: 1_000_000 }),
    // Unset: /health and /metrics share PORT, its connections and their bound, with the orders.
    HEALTH_PORT: optionalIntegerVar({ min: 0, max: 65_535 }),
    // An order is a few KB; 64 KiB leaves room for 50 tacos and refuses anything abusive.
    BODY_LIMIT_BYTES: integerVar(64 * 1024, { min: 1024, max: 10 * 1024 * 1024 }),
    ORDER_SEND_TIMEOUT_MS: integerVar(DEFAULT_SEND_TIMEOUT_MS, { min: 100, max: 120_000 }),
    PRODUCER_LINGER_MS: integerVar(DEFAULT_BATCHING.lingerMs, { min: 0, max: 1_000 }),
    PRODUCER_LINGER_QUIET_MS: integerVar(DEFAULT_BATCHING.quietMs, { min: 0, max: 1_000 }),
    PRODUCER_BATCH_RECORDS: integerVar(DEFAULT_BATCHING.maxBatchRecords, { max: 100_000 }),
    PRODUCER_BUFFER_RECORDS: integerVar(DEFAULT_BATCHING.maxBufferedRecords, { max: 10_000_000 }),
    // Off only to measure what metrics cost (npm run bench); /metrics then answers 404.
    METRICS_ENABLED: z.enum(['true', 'false'], { error: 'must be true or false' }).default('true'),
    // The same on every replica, so that a retry reaching another one keeps its order id (docs/api.md).
    IDEMPOTENCY_SECRET: z.string().min(MIN_SECRET_CHARS, { error: SHORT_SECRET }).optional(),
    IDEMPOTENCY_SECRET_FILE: secretFileVar()
      .pipe(z.string().min(MIN_SECRET_CHARS, { error: SHORT_SECRET }))
      .optional(),
  })
  .superRefine(profileRules)
  .superRefine(({ APP_PROFILE, PORT, HEALTH_PORT, IDEMPOTENCY_SECRET, IDEMPOTENCY_SECRET_FILE }, context) => {
    if (HEALTH_PORT !== undefined && HEALTH_PORT !== 0 && HEALTH_PORT === PORT) {
      context.addIssue({ code: 'custom', path: ['HEALTH_PORT'], message: `must differ from PORT (${PORT})` });
    }
    if (IDEMPOTENCY_SECRET !== undefined && IDEMPOTENCY_SECRET_FILE !== undefined) {
      context.addIssue({ code: 'custom', path: ['IDEMPOTENCY_SECRET_FILE'], message: 'set IDEMPOTENCY_SECRET or this, not both' });
    }
    // Each replica (or each start) drawing its own would give a retried order a second id there.
    if (APP_PROFILE === 'prod' && IDEMPOTENCY_SECRET === undefined && IDEMPOTENCY_SECRET_FILE === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['IDEMPOTENCY_SECRET'],
        message: `is required with APP_PROFILE=prod, or IDEMPOTENCY_SECRET_FILE: the same on every replica (e.g. openssl rand -hex 32)`,
      });
    }
  });

export interface OrderApiConfig extends MessagingConfig {
  http: HttpListenConfig & { bodyLimit: number };
  /** Where /health and /metrics are served apart from the orders; absent: on the orders' port. */
  health?: { host: string; port: number };
  sendTimeoutMs: number;
  metricsEnabled: boolean;
  /** Keys the order ids of Idempotency-Keys whose digits pass for a card number; absent (dev only): random per process. */
  idempotencySecret?: Secret;
  batching: Pick<BatchingOptions, 'lingerMs' | 'quietMs' | 'maxBatchRecords' | 'maxBufferedRecords'>;
}

export function loadConfig(env: NodeJS.ProcessEnv): Readonly<OrderApiConfig> {
  const values = parseEnv(OrderApiEnv, env);
  const idempotencySecret = values.IDEMPOTENCY_SECRET ?? values.IDEMPOTENCY_SECRET_FILE;
  return Object.freeze({
    ...messagingConfigFrom(values, 'order-api'),
    http: { host: values.HOST, port: values.PORT, maxConnections: values.HTTP_MAX_CONNECTIONS, bodyLimit: values.BODY_LIMIT_BYTES },
    ...(values.HEALTH_PORT !== undefined && { health: { host: values.HOST, port: values.HEALTH_PORT } }),
    sendTimeoutMs: values.ORDER_SEND_TIMEOUT_MS,
    metricsEnabled: values.METRICS_ENABLED === 'true',
    ...(idempotencySecret !== undefined && { idempotencySecret: new Secret(idempotencySecret) }),
    batching: {
      lingerMs: values.PRODUCER_LINGER_MS,
      quietMs: values.PRODUCER_LINGER_QUIET_MS,
      maxBatchRecords: values.PRODUCER_BATCH_RECORDS,
      maxBufferedRecords: values.PRODUCER_BUFFER_RECORDS,
    },
  });
}
