// order-listener's configuration: the shared Kafka settings plus the worker's own.
import { integerVar, MESSAGING_ENV, messagingConfigFrom, parseEnv, profileRules, type MessagingConfig } from '@tacocloud/messaging';
import { z } from 'zod';

const OrderListenerEnv = z
  .object({
    ...MESSAGING_ENV,
    HEALTH_PORT: integerVar(8081, { min: 0, max: 65_535 }),
    HOST: z.string().trim().min(1).default('0.0.0.0'),
    LISTENER_CONCURRENCY: integerVar(3, { max: 64 }),
  })
  .superRefine(profileRules);

export interface OrderListenerConfig extends MessagingConfig {
  /** 0 picks a free port (several replicas on one machine). */
  health: { host: string; port: number };
  concurrency: number;
}

export function loadConfig(env: NodeJS.ProcessEnv): Readonly<OrderListenerConfig> {
  const values = parseEnv(OrderListenerEnv, env);
  return Object.freeze({
    ...messagingConfigFrom(values, 'order-listener'),
    health: { host: values.HOST, port: values.HEALTH_PORT },
    concurrency: values.LISTENER_CONCURRENCY,
  });
}
