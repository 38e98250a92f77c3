// The console's configuration: the shared Kafka settings plus its own, parsed once.
import { isIP } from 'node:net';
import { integerVar, MESSAGING_ENV, messagingConfigFrom, parseEnv, profileRules, Secret, type MessagingConfig } from '@tacocloud/messaging';
import { z } from 'zod';

/** Clear of npm start's ports: order-api 8080, listener health ports 8081 and up. */
export const DEFAULT_CONSOLE_PORT = 8070;

const metricsUrls = z
  .string()
  .trim()
  .transform((value) =>
    value
      .split(',')
      .map((url) => url.trim())
      .filter(Boolean),
  )
  .refine((urls) => urls.every((url) => URL.canParse(url) && /^https?:$/.test(new URL(url).protocol)), {
    error: 'must be a comma-separated list of http(s) URLs, e.g. http://localhost:8081/metrics,http://localhost:8082/metrics',
  });

/** The proxies in front of the console, as addresses or CIDR ranges: only theirs are X-Forwarded-* headers believed. */
const proxies = z
  .string()
  .trim()
  .refine(
    (value) =>
      value.split(',').every((part) => {
        const [address = '', bits, ...rest] = part.trim().split('/');
        const family = isIP(address);
        return (
          family !== 0 && rest.length === 0 && (bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128)))
        );
      }),
    { error: 'must be a comma-separated list of proxy addresses or CIDR ranges, e.g. 10.0.0.0/8,127.0.0.1' },
  );

const ConsoleEnv = z
  .object({
    ...MESSAGING_ENV,
    CONSOLE_PORT: integerVar(DEFAULT_CONSOLE_PORT, { min: 0, max: 65_535 }),
    HOST: z.string().trim().min(1).default('0.0.0.0'),
    // Long enough that guessing it is hopeless; compared in constant time.
    CONSOLE_OPERATOR_TOKEN: z.string().trim().min(16, { error: 'must be at least 16 characters' }).optional(),
    CONSOLE_GROUP: z.string().trim().min(1).max(200).default('order-console'),
    LISTENER_METRICS_URLS: metricsUrls.default([]),
    CONSOLE_RECENT_ORDERS: integerVar(50, { min: 1, max: 1_000 }),
    CONSOLE_TRUST_PROXY: proxies.optional(),
  })
  .superRefine(profileRules);

export interface ConsoleConfig extends MessagingConfig {
  http: { host: string; port: number };
  /** Undefined: the operations page and replay are disabled. */
  operatorToken: Secret | undefined;
  group: string;
  listenerMetricsUrls: readonly string[];
  recentOrders: number;
  /**
   * Proxies whose X-Forwarded-For and X-Forwarded-Proto are believed: then the session cookie is
   * Secure behind a proxy that ends TLS, and wrong tokens are counted per real client address.
   */
  trustProxy: string | undefined;
}

export function loadConfig(env: NodeJS.ProcessEnv): Readonly<ConsoleConfig> {
  const values = parseEnv(ConsoleEnv, env);
  return Object.freeze({
    ...messagingConfigFrom(values, 'console'),
    http: { host: values.HOST, port: values.CONSOLE_PORT },
    operatorToken: values.CONSOLE_OPERATOR_TOKEN === undefined ? undefined : new Secret(values.CONSOLE_OPERATOR_TOKEN),
    group: values.CONSOLE_GROUP,
    listenerMetricsUrls: values.LISTENER_METRICS_URLS,
    recentOrders: values.CONSOLE_RECENT_ORDERS,
    trustProxy: values.CONSOLE_TRUST_PROXY,
  });
}
