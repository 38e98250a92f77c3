// Environment variables -> typed, frozen config, parsed once at process start. A bad value
// fails with a message that names the variable.
import { z } from 'zod';
import { InvalidConfigError } from '../errors.js';

const HOST_PORT = /^[A-Za-z0-9.\-_]+:\d{1,5}$|^\[[0-9A-Fa-f:]+\]:\d{1,5}$/;

/** An optional whole number given as text, e.g. `ORDERS_TOPIC_REPLICATION_FACTOR=3`. */
export function optionalIntegerVar({ min = 1, max = Number.MAX_SAFE_INTEGER } = {}) {
  return z
    .string()
    .trim()
    .regex(/^\d+$/, { error: 'must be a whole number' })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: `must be between ${min} and ${max}` })
    .optional();
}

/** A whole number given as text, with a default, e.g. `PORT=8080`. */
export function integerVar(defaultValue: number, range: { min?: number; max?: number } = {}) {
  return optionalIntegerVar(range).transform((n) => n ?? defaultValue);
}

/** A decimal number given as text, with a default, e.g. `LISTENER_RETRY_MULTIPLIER=1.5`. */
export function decimalVar(defaultValue: number, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}) {
  return z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, { error: 'must be a number like 2 or 1.5' })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: `must be between ${min} and ${max}` })
    .optional()
    .transform((n) => n ?? defaultValue);
}

export const brokerList = z
  .string()
  .trim()
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  )
  .refine((brokers) => brokers.length > 0, { error: 'must list at least one host:port' })
  .refine((brokers) => brokers.every((b) => HOST_PORT.test(b) && Number(b.slice(b.lastIndexOf(':') + 1)) <= 65_535), {
    error: 'must be a comma-separated list of host:port, e.g. localhost:9092,kafka-2:9092',
  });

export const Profile = z.enum(['dev', 'prod']);
export type Profile = z.infer<typeof Profile>;

export const LogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
export type LogLevel = z.infer<typeof LogLevel>;

/** Variables whose values are never echoed back in an error (a typo'd password is still a password). */
const SECRET_VARIABLE = /PASSWORD|SECRET|TOKEN|CREDENTIAL/i;
/** The user info of a URL or address (`user:password@`), which any variable may hold. */
const USER_INFO = /[^\s,/@]+@/g;

/**
 * Parses `env` with `schema`; on failure lists every bad variable and what it must be.
 * A variable set to the empty string counts as unset, as `FOO= cmd` and Compose files mean.
 */
export function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.output<S> {
  const result = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')));
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const variable = issue.path.map(String).join('.') || '(environment)';
    const value = env[variable];
    const shown = value === undefined || SECRET_VARIABLE.test(variable) ? '' : ` (got '${value.replace(USER_INFO, '***@')}')`;
    return `  ${variable}: ${issue.message}${shown}`;
  });
  throw new InvalidConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}
