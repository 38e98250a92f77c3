// The Kafka part of every app's config, with Spring-like profiles: dev runs against one
// local broker by default; prod must be told its cluster and replicates 3 ways.
import { z } from 'zod';
import type { OrderPlacedVersion } from '@tacocloud/contract';
import type { TracingConfig } from '../tracing/sdk.js';
import { DEFAULT_ORDERS_TOPIC } from '../topics/orders.js';
import { brokerList, integerVar, LogLevel, optionalIntegerVar, Profile } from './env.js';
import { KAFKA_SECURITY_ENV, kafkaSecurityFrom, securityRules, type KafkaSecurity } from './kafka-security.js';

export const DEFAULT_LISTENER_GROUP = 'order-listener';
const DEV_BROKERS = ['localhost:9092'];

/** Environment variables every app reads; apps spread this into their own z.object. */
export const MESSAGING_ENV = {
  APP_PROFILE: Profile.default('dev'),
  KAFKA_BROKERS: brokerList.optional(),
  KAFKA_CLIENT_ID: z.string().trim().min(1).max(200).optional(),
  ...KAFKA_SECURITY_ENV,
  ORDERS_TOPIC: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{1,200}$/, { error: 'must be a Kafka topic name: letters, digits, . _ -' })
    .default(DEFAULT_ORDERS_TOPIC),
  ORDERS_TOPIC_PARTITIONS: integerVar(6, { max: 10_000 }),
  ORDERS_TOPIC_REPLICATION_FACTOR: optionalIntegerVar({ max: 7 }),
  ORDER_EVENT_VERSION: z.enum(['1', '2'], { error: 'must be 1 or 2 (the OrderPlaced version order-api writes)' }).default('2'),
  ORDER_LISTENER_GROUP: z.string().trim().min(1).max(200).default(DEFAULT_LISTENER_GROUP),
  LOG_LEVEL: LogLevel.default('info'),
  // OpenTelemetry's standard variables (their meaning is the SDK's; see docs/configuration.md).
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. http://otel-collector:4318' }).optional(),
  OTEL_SERVICE_NAME: z.string().trim().min(1).max(200).optional(),
  OTEL_SDK_DISABLED: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
};

type MessagingEnvValues = z.output<z.ZodObject<typeof MESSAGING_ENV>>;

/** Rules across variables; apps add it to their schema with `.superRefine(profileRules)`. */
export function profileRules(env: MessagingEnvValues, ctx: z.RefinementCtx): void {
  securityRules(env, ctx);
  if (env.APP_PROFILE === 'prod' && env.KAFKA_BROKERS === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['KAFKA_BROKERS'],
      message: 'is required with APP_PROFILE=prod (e.g. kafka-1:9092,kafka-2:9092)',
    });
  }
}

export const MessagingEnv = z.object(MESSAGING_ENV).superRefine(profileRules);

export interface MessagingConfig {
  profile: Profile;
  logLevel: LogLevel;
  kafka: { brokers: readonly string[]; clientId: string; security: KafkaSecurity };
  tracing: TracingConfig;
  orders: {
    topic: string;
    partitions: number;
    replicationFactor: number;
    configs: Readonly<Record<string, string>>;
    /** dev: replication fits the cluster it meets; prod: a cluster too small is refused. */
    fitReplicationToCluster: boolean;
    /** The OrderPlaced version producers write; listeners read every version. */
    eventVersion: OrderPlacedVersion;
    listenerGroup: string;
  };
}

export function messagingConfigFrom(env: MessagingEnvValues, appName: string): MessagingConfig {
  // 3 everywhere: in dev it is lowered to the broker count, so one local broker gets 1 and a
  // local 3-broker cluster gets the same durability as prod.
  const replicationFactor = env.ORDERS_TOPIC_REPLICATION_FACTOR ?? 3;
  return {
    profile: env.APP_PROFILE,
    logLevel: env.LOG_LEVEL,
    kafka: {
      brokers: env.KAFKA_BROKERS ?? DEV_BROKERS,
      clientId: env.KAFKA_CLIENT_ID ?? `tacocloud-${appName}`,
      security: kafkaSecurityFrom(env),
    },
    tracing: {
      enabled: env.OTEL_SDK_DISABLED === 'false',
      serviceName: env.OTEL_SERVICE_NAME ?? appName,
      ...(env.OTEL_EXPORTER_OTLP_ENDPOINT !== undefined && { endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT }),
    },
    orders: {
      topic: env.ORDERS_TOPIC,
      partitions: env.ORDERS_TOPIC_PARTITIONS,
      replicationFactor,
      // With 3 replicas, acks=all then means "on at least 2 brokers": one may die, no order is
      // lost. Unclean election (an out-of-sync replica becoming leader) stays off, explicitly.
      configs: replicationFactor >= 3 ? { 'min.insync.replicas': '2', 'unclean.leader.election.enable': 'false' } : {},
      fitReplicationToCluster: env.APP_PROFILE === 'dev',
      eventVersion: env.ORDER_EVENT_VERSION === '2' ? 2 : 1,
      listenerGroup: env.ORDER_LISTENER_GROUP,
    },
  };
}
