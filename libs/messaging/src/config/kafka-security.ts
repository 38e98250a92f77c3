// How every client of ours connects to a secured cluster: TLS (with an optional client
// certificate) and SASL (PLAIN or SCRAM). The variable names are librdkafka's and kcat's
// properties (security.protocol, ssl.ca.location, sasl.mechanisms, ...) in upper case, so the
// settings a managed service hands out map one to one. Files are read once, here, at start.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseEnv } from './env.js';
import { Secret } from './secret.js';

export const SecurityProtocol = z.enum(['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL']);
export type SecurityProtocol = z.infer<typeof SecurityProtocol>;

export const SaslMechanism = z.enum(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512']);
export type SaslMechanism = z.infer<typeof SaslMechanism>;

export interface KafkaTls {
  /** PEM CA bundle; without it, Node's own trusted CAs (what a public managed service needs). */
  ca?: string;
  /** PEM client certificate and key, for mutual TLS. */
  cert?: string;
  key?: string;
  keyPassword?: Secret;
}

export interface KafkaSasl {
  mechanism: SaslMechanism;
  username: string;
  password: Secret;
}

export interface KafkaSecurity {
  protocol: SecurityProtocol;
  /** Present exactly when the protocol is SSL or SASL_SSL. */
  tls?: KafkaTls;
  /** Present exactly when the protocol is SASL_PLAINTEXT or SASL_SSL. */
  sasl?: KafkaSasl;
}

export const PLAINTEXT: KafkaSecurity = Object.freeze({ protocol: 'PLAINTEXT' });

/** The contents of a file named by a variable; an unreadable file fails on that variable. */
function fileVar(check?: { marker: string; what: string }) {
  return z
    .string()
    .trim()
    .transform((path, ctx) => {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
        return z.NEVER;
      }
      if (check && !text.includes(check.marker)) {
        ctx.addIssue({ code: 'custom', message: `must be a PEM file holding ${check.what}` });
        return z.NEVER;
      }
      return text;
    });
}

/** A secret in a file named by a variable (a mounted Kubernetes or Docker secret): one trailing newline dropped. */
export function secretFileVar() {
  return fileVar()
    .transform((text) => text.replace(/\r?\n$/, ''))
    .refine((text) => text.length > 0, { error: 'the file is empty' });
}

export const KAFKA_SECURITY_ENV = {
  // Case-insensitive, as librdkafka's are.
  KAFKA_SECURITY_PROTOCOL: z.string().trim().toUpperCase().pipe(SecurityProtocol).default('PLAINTEXT'),
  KAFKA_SSL_CA_LOCATION: fileVar({ marker: '-----BEGIN CERTIFICATE-----', what: 'CA certificates' }).optional(),
  KAFKA_SSL_CERTIFICATE_LOCATION: fileVar({ marker: '-----BEGIN CERTIFICATE-----', what: 'a certificate' }).optional(),
  KAFKA_SSL_KEY_LOCATION: fileVar({ marker: 'PRIVATE KEY-----', what: 'a private key' }).optional(),
  KAFKA_SSL_KEY_PASSWORD: z.string().optional(),
  KAFKA_SASL_MECHANISM: z.string().trim().toUpperCase().pipe(SaslMechanism).optional(),
  KAFKA_SASL_USERNAME: z.string().trim().min(1).max(1_000).optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD_FILE: secretFileVar().optional(),
};

export type KafkaSecurityEnvValues = z.output<z.ZodObject<typeof KAFKA_SECURITY_ENV>>;

const TLS_VARS = ['KAFKA_SSL_CA_LOCATION', 'KAFKA_SSL_CERTIFICATE_LOCATION', 'KAFKA_SSL_KEY_LOCATION', 'KAFKA_SSL_KEY_PASSWORD'] as const;
const SASL_VARS = ['KAFKA_SASL_MECHANISM', 'KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD', 'KAFKA_SASL_PASSWORD_FILE'] as const;

const usesTls = (protocol: SecurityProtocol) => protocol === 'SSL' || protocol === 'SASL_SSL';
const usesSasl = (protocol: SecurityProtocol) => protocol === 'SASL_PLAINTEXT' || protocol === 'SASL_SSL';

/** Rules across the security variables; part of profileRules, so every app checks them. */
export function securityRules(env: KafkaSecurityEnvValues, ctx: z.RefinementCtx): void {
  const protocol = env.KAFKA_SECURITY_PROTOCOL;
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  for (const name of TLS_VARS) {
    if (env[name] !== undefined && !usesTls(protocol))
      issue(name, `is only used with KAFKA_SECURITY_PROTOCOL=SSL or SASL_SSL (got ${protocol})`);
  }
  for (const name of SASL_VARS) {
    if (env[name] !== undefined && !usesSasl(protocol)) {
      issue(name, `is only used with KAFKA_SECURITY_PROTOCOL=SASL_SSL or SASL_PLAINTEXT (got ${protocol})`);
    }
  }
  if ((env.KAFKA_SSL_CERTIFICATE_LOCATION === undefined) !== (env.KAFKA_SSL_KEY_LOCATION === undefined)) {
    issue(
      env.KAFKA_SSL_KEY_LOCATION === undefined ? 'KAFKA_SSL_KEY_LOCATION' : 'KAFKA_SSL_CERTIFICATE_LOCATION',
      'mutual TLS needs both a certificate and its key',
    );
  }
  if (env.KAFKA_SSL_KEY_PASSWORD !== undefined && env.KAFKA_SSL_KEY_LOCATION === undefined)
    issue('KAFKA_SSL_KEY_LOCATION', 'is required when KAFKA_SSL_KEY_PASSWORD is set');
  const hasPassword = env.KAFKA_SASL_PASSWORD !== undefined || env.KAFKA_SASL_PASSWORD_FILE !== undefined;
  if (env.KAFKA_SASL_PASSWORD !== undefined && env.KAFKA_SASL_PASSWORD_FILE !== undefined) {
    issue('KAFKA_SASL_PASSWORD_FILE', 'set either KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE, not both');
  }
  if (hasPassword && env.KAFKA_SASL_USERNAME === undefined) issue('KAFKA_SASL_USERNAME', 'is required when a SASL password is set');
  if (!usesSasl(protocol)) return;
  if (env.KAFKA_SASL_MECHANISM === undefined)
    issue('KAFKA_SASL_MECHANISM', `is required with KAFKA_SECURITY_PROTOCOL=${protocol} (PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512)`);
  if (env.KAFKA_SASL_USERNAME === undefined && !hasPassword)
    issue('KAFKA_SASL_USERNAME', `is required with KAFKA_SECURITY_PROTOCOL=${protocol}`);
  if (!hasPassword)
    issue('KAFKA_SASL_PASSWORD', `KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE is required with KAFKA_SECURITY_PROTOCOL=${protocol}`);
}

/** For a tool that reads only these variables: the settings, or InvalidConfigError naming the variable. */
export function loadKafkaSecurity(env: NodeJS.ProcessEnv): KafkaSecurity {
  return kafkaSecurityFrom(parseEnv(z.object(KAFKA_SECURITY_ENV).superRefine(securityRules), env));
}

/** The checked variables as client settings (securityRules has passed). */
export function kafkaSecurityFrom(env: KafkaSecurityEnvValues): KafkaSecurity {
  const protocol = env.KAFKA_SECURITY_PROTOCOL;
  const security: KafkaSecurity = { protocol };
  if (usesTls(protocol)) {
    security.tls = {
      ...(env.KAFKA_SSL_CA_LOCATION !== undefined && { ca: env.KAFKA_SSL_CA_LOCATION }),
      ...(env.KAFKA_SSL_CERTIFICATE_LOCATION !== undefined && { cert: env.KAFKA_SSL_CERTIFICATE_LOCATION }),
      ...(env.KAFKA_SSL_KEY_LOCATION !== undefined && { key: env.KAFKA_SSL_KEY_LOCATION }),
      ...(env.KAFKA_SSL_KEY_PASSWORD !== undefined && { keyPassword: new Secret(env.KAFKA_SSL_KEY_PASSWORD) }),
    };
  }
  if (usesSasl(protocol)) {
    security.sasl = {
      mechanism: env.KAFKA_SASL_MECHANISM!,
      username: env.KAFKA_SASL_USERNAME!,
      password: new Secret((env.KAFKA_SASL_PASSWORD ?? env.KAFKA_SASL_PASSWORD_FILE)!),
    };
  }
  return security;
}
