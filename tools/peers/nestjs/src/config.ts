// The NestJS peer's settings, from the same variables our apps read, parsed once at start.
import { z } from 'zod';

const Env = z.object({
  KAFKA_BROKERS: z.string().min(1).default('localhost:9092'),
  ORDERS_TOPIC: z.string().min(1).default('tacocloud.orders.topic'),
  ORDER_LISTENER_GROUP: z.string().min(1).default('tacocloud-nest-kitchen'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  // Each side can run alone: the bench measures the HTTP producer and the consumer separately.
  HTTP: z.enum(['true', 'false']).default('true'),
  LISTEN: z.enum(['true', 'false']).default('true'),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
});

export interface PeerConfig {
  brokers: string[];
  topic: string;
  groupId: string;
  host: string;
  port: number;
  http: boolean;
  listen: boolean;
  logLevels: ('error' | 'warn' | 'log' | 'debug')[];
}

const LEVELS = {
  error: ['error'],
  warn: ['error', 'warn'],
  info: ['error', 'warn', 'log'],
  debug: ['error', 'warn', 'log', 'debug'],
} as const;

export function loadConfig(env: NodeJS.ProcessEnv): PeerConfig {
  const result = Env.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')));
  if (!result.success) {
    throw new Error(`Invalid configuration: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const values = result.data;
  return {
    brokers: values.KAFKA_BROKERS.split(',').map((broker) => broker.trim()),
    topic: values.ORDERS_TOPIC,
    groupId: values.ORDER_LISTENER_GROUP,
    host: values.HOST,
    port: values.PORT,
    http: values.HTTP === 'true',
    listen: values.LISTEN === 'true',
    logLevels: [...LEVELS[values.LOG_LEVEL]],
  };
}
