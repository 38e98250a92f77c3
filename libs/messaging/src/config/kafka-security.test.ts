import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidConfigError } from '../errors.js';
import { parseEnv } from './env.js';
import { MessagingEnv, messagingConfigFrom } from './messaging-config.js';

const dir = mkdtempSync(join(tmpdir(), 'kafka-security-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const PEM_CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const PEM_KEY = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n';
// Long and random: it cannot appear in an error message by chance.
const PASSWORD = `pw-${randomBytes(24).toString('hex')}`;

const security = (env: NodeJS.ProcessEnv) => messagingConfigFrom(parseEnv(MessagingEnv, env), 'order-api').kafka.security;
const errorOf = (env: NodeJS.ProcessEnv): string => {
  try {
    security(env);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
};

const SASL_SSL = {
  KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
  KAFKA_SSL_CA_LOCATION: file('ca.pem', PEM_CERT),
  KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
  KAFKA_SASL_USERNAME: 'order-api',
  KAFKA_SASL_PASSWORD_FILE: file('password', `${PASSWORD}\n`),
};

describe('Kafka security config', () => {
  it('should default to plaintext without authentication', () => {
    expect(security({})).toEqual({ protocol: 'PLAINTEXT' });
  });

  it('should read SASL_SSL with SCRAM, a CA bundle and a password file (one trailing newline dropped)', () => {
    const config = security(SASL_SSL);
    expect(config.protocol).toBe('SASL_SSL');
    expect(config.tls).toEqual({ ca: PEM_CERT });
    expect(config.sasl?.mechanism).toBe('SCRAM-SHA-512');
    expect(config.sasl?.username).toBe('order-api');
    expect(config.sasl?.password.reveal()).toBe(PASSWORD);
  });

  it('should accept the protocol and mechanism in any case, as librdkafka does', () => {
    const config = security({ ...SASL_SSL, KAFKA_SECURITY_PROTOCOL: 'sasl_ssl', KAFKA_SASL_MECHANISM: 'scram-sha-256' });
    expect([config.protocol, config.sasl?.mechanism]).toEqual(['SASL_SSL', 'SCRAM-SHA-256']);
  });

  it('should read mutual TLS: a client certificate and its key', () => {
    const config = security({
      KAFKA_SECURITY_PROTOCOL: 'SSL',
      KAFKA_SSL_CERTIFICATE_LOCATION: file('c.pem', PEM_CERT),
      KAFKA_SSL_KEY_LOCATION: file('k.pem', PEM_KEY),
    });
    expect(config).toEqual({ protocol: 'SSL', tls: { cert: PEM_CERT, key: PEM_KEY } });
  });

  it('should never show the password when printed, logged or serialized', () => {
    const config = security({ ...SASL_SSL, KAFKA_SASL_PASSWORD_FILE: undefined, KAFKA_SASL_PASSWORD: PASSWORD });
    for (const shown of [JSON.stringify(config), inspect(config, { depth: 10 }), `${config.sasl?.password}`])
      expect(shown).not.toContain(PASSWORD);
  });

  it.each([
    [
      'a missing CA file',
      { ...SASL_SSL, KAFKA_SSL_CA_LOCATION: join(dir, 'absent.pem') },
      /KAFKA_SSL_CA_LOCATION: cannot read the file \(ENOENT\)/,
    ],
    [
      'a CA file that is no PEM',
      { ...SASL_SSL, KAFKA_SSL_CA_LOCATION: file('not.pem', 'hello') },
      /KAFKA_SSL_CA_LOCATION: must be a PEM file holding CA certificates/,
    ],
    [
      'a missing password file',
      { ...SASL_SSL, KAFKA_SASL_PASSWORD_FILE: join(dir, 'absent') },
      /KAFKA_SASL_PASSWORD_FILE: cannot read the file/,
    ],
    [
      'an empty password file',
      { ...SASL_SSL, KAFKA_SASL_PASSWORD_FILE: file('empty', '\n') },
      /KAFKA_SASL_PASSWORD_FILE: the file is empty/,
    ],
    ['an unknown mechanism', { ...SASL_SSL, KAFKA_SASL_MECHANISM: 'GSSAPI' }, /KAFKA_SASL_MECHANISM: /],
    ['an unknown protocol', { KAFKA_SECURITY_PROTOCOL: 'TLS' }, /KAFKA_SECURITY_PROTOCOL: /],
    [
      'a password with no username',
      { ...SASL_SSL, KAFKA_SASL_USERNAME: undefined },
      /KAFKA_SASL_USERNAME: is required when a SASL password is set/,
    ],
    [
      'SASL_SSL with no mechanism',
      { ...SASL_SSL, KAFKA_SASL_MECHANISM: undefined },
      /KAFKA_SASL_MECHANISM: is required with KAFKA_SECURITY_PROTOCOL=SASL_SSL/,
    ],
    [
      'SASL_SSL with no password',
      { ...SASL_SSL, KAFKA_SASL_PASSWORD_FILE: undefined },
      /KAFKA_SASL_PASSWORD: KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE is required/,
    ],
    ['both a password and a password file', { ...SASL_SSL, KAFKA_SASL_PASSWORD: PASSWORD }, /KAFKA_SASL_PASSWORD_FILE: set either/],
    [
      'SASL settings on a plaintext connection',
      { KAFKA_SASL_USERNAME: 'order-api', KAFKA_SASL_PASSWORD: PASSWORD },
      /KAFKA_SASL_PASSWORD: is only used with KAFKA_SECURITY_PROTOCOL=SASL_SSL or SASL_PLAINTEXT \(got PLAINTEXT\)/,
    ],
    [
      'a CA on a connection without TLS',
      { KAFKA_SSL_CA_LOCATION: file('ca2.pem', PEM_CERT) },
      /KAFKA_SSL_CA_LOCATION: is only used with KAFKA_SECURITY_PROTOCOL=SSL or SASL_SSL/,
    ],
    [
      'a certificate without its key',
      { KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CERTIFICATE_LOCATION: file('c2.pem', PEM_CERT) },
      /KAFKA_SSL_KEY_LOCATION: mutual TLS needs both/,
    ],
  ])('should refuse %s, naming the variable', (_what, env, message) => {
    expect(errorOf(env as NodeJS.ProcessEnv)).toMatch(message);
  });

  it('should never echo a password in an error, even a misplaced one', () => {
    const message = errorOf({ KAFKA_SASL_PASSWORD: PASSWORD, KAFKA_SSL_KEY_PASSWORD: PASSWORD });
    expect(message).toMatch(/KAFKA_SASL_PASSWORD: is only used/);
    expect(message).not.toContain(PASSWORD);
  });
});
