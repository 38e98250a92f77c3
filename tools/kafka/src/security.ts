// What a secured (SASL_SSL) local cluster is made of: a throwaway CA and one node certificate
// made with openssl, a random password per principal in a 0600 file, and the client settings
// that connect as one of them (kafkajs options, the apps' KAFKA_* variables, a kcat line).
// Nothing is downloaded and no password is ever printed or logged.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SASLOptions } from 'kafkajs';
import type { ConnectionOptions } from 'node:tls';
import { KafkaToolError } from './errors.js';

/** The principals a secured cluster has, each with its own SCRAM user (see acls.ts for what each may do). */
export const PRINCIPALS = ['admin', 'order-api', 'order-listener', 'dlt', 'console'] as const;
export type Principal = (typeof PRINCIPALS)[number];

/**
 * The nodes' own principal, User:broker, a super user: SCRAM user `broker` on the inter-broker
 * (SASL_SSL) listener, and the node certificate (CN=broker) on the mutual-TLS controller listener.
 */
export const NODE_USER = 'broker';
export const SUPER_USERS = ['admin', NODE_USER] as const;

export const SASL_MECHANISM = 'SCRAM-SHA-512';
export const SECURITY_PROTOCOL = 'SASL_SSL';
/** The SAN of the node certificate: clients connect to 127.0.0.1 (the advertised host) or localhost. */
export const CERTIFICATE_NAMES = 'DNS:localhost,IP:127.0.0.1';
const CERTIFICATE_DAYS = 365;

export function isPrincipal(name: string): name is Principal {
  return (PRINCIPALS as readonly string[]).includes(name);
}

export interface SecurityFiles {
  tlsDir: string;
  /** The CA certificate clients trust (KAFKA_SSL_CA_LOCATION). */
  ca: string;
  /** The node's private key and certificate chain, one PEM file (ssl.keystore.type=PEM). */
  nodeKeystore: string;
  secretsDir: string;
  /** Kafka's own Java tools (MetadataQuorumCommand, AclCommand, ...) connect with this as admin. */
  adminProperties: string;
}

export function securityFiles(clusterDir: string): SecurityFiles {
  const tlsDir = join(clusterDir, 'tls');
  const secretsDir = join(clusterDir, 'secrets');
  return {
    tlsDir,
    ca: join(tlsDir, 'ca.pem'),
    nodeKeystore: join(tlsDir, 'broker.pem'),
    secretsDir,
    adminProperties: join(secretsDir, 'admin.properties'),
  };
}

export function passwordFile(clusterDir: string, user: string): string {
  return join(securityFiles(clusterDir).secretsDir, `${user}.password`);
}

export function readPassword(clusterDir: string, user: string): string {
  const file = passwordFile(clusterDir, user);
  if (!existsSync(file)) {
    throw new KafkaToolError(`The password file ${file} is missing.`, 'start the cluster anew with `npm run kafka -- start --fresh`.');
  }
  return readFileSync(file, 'utf8').trim();
}

/** Every password of the cluster, the nodes' included: what a log line or an error must never show. */
export function allPasswords(clusterDir: string): string[] {
  return [...PRINCIPALS, NODE_USER]
    .map((user) => passwordFile(clusterDir, user))
    .filter(existsSync)
    .map((file) => readFileSync(file, 'utf8').trim());
}

export function redact(text: string, secrets: readonly string[]): string {
  return secrets.filter((secret) => secret.length > 0).reduce((out, secret) => out.split(secret).join('***'), text);
}

/**
 * The CA, node certificate and passwords, made once per cluster and kept until `--fresh`.
 * `formatted` says whether some node's storage already holds SCRAM credentials: then a lost
 * password cannot be made again, since the broker only knows its salted hash.
 */
export function ensureSecurityMaterial(clusterDir: string, formatted: boolean, log: (line: string) => void): SecurityFiles {
  const files = securityFiles(clusterDir);
  if (!existsSync(files.ca) || !existsSync(files.nodeKeystore)) {
    makeCertificates(files);
    log(`Made a throwaway CA and node certificate (${CERTIFICATE_NAMES}) in ${files.tlsDir}.`);
  }
  mkdirSync(files.secretsDir, { recursive: true, mode: 0o700 });
  chmodSync(files.secretsDir, 0o700);
  const missing = [...PRINCIPALS, NODE_USER].filter((user) => !existsSync(passwordFile(clusterDir, user)));
  if (missing.length > 0 && formatted) {
    throw new KafkaToolError(
      `The password file(s) of ${missing.join(', ')} in ${files.secretsDir} are gone, and the cluster only keeps their salted hashes.`,
      'start the cluster anew with `npm run kafka -- start --fresh`.',
    );
  }
  for (const user of missing) writeSecret(passwordFile(clusterDir, user), newPassword());
  if (missing.length > 0) log(`Made passwords for ${missing.join(', ')} in ${files.secretsDir} (mode 0600; never printed).`);
  writeSecret(files.adminProperties, javaClientProperties(files.ca, 'admin', readPassword(clusterDir, 'admin')));
  return files;
}

/** 32 characters of base64url: no quote, comma, bracket or backslash to escape in JAAS or --add-scram. */
function newPassword(): string {
  return randomBytes(24).toString('base64url');
}

export function writeSecret(file: string, content: string): void {
  writeFileSync(file, content, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** A client.properties for Kafka's Java tools, connecting as `user`. */
export function javaClientProperties(ca: string, user: string, password: string): string {
  return [
    `security.protocol=${SECURITY_PROTOCOL}`,
    `sasl.mechanism=${SASL_MECHANISM}`,
    `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${user}" password="${password}";`,
    'ssl.truststore.type=PEM',
    `ssl.truststore.location=${ca}`,
    '',
  ].join('\n');
}

/**
 * A CA (its key deleted once it has signed: nobody can make another certificate it vouches
 * for) and one node certificate for every node, good for server and client use: clients check
 * it on the SASL_SSL listener, and the nodes present it to each other on the controller listener.
 */
function makeCertificates(files: SecurityFiles): void {
  rmSync(files.tlsDir, { recursive: true, force: true });
  // The CA certificate is public (clients need it); the node's key file alone is 0600.
  mkdirSync(files.tlsDir, { recursive: true, mode: 0o755 });
  const caKey = join(files.tlsDir, 'ca.key');
  const nodeKey = join(files.tlsDir, 'broker.key');
  const csr = join(files.tlsDir, 'broker.csr');
  const certificate = join(files.tlsDir, 'broker.crt');
  const extensions = join(files.tlsDir, 'broker.ext');
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl([
    'req',
    '-x509',
    ...ec,
    '-keyout',
    caKey,
    '-out',
    files.ca,
    '-days',
    String(CERTIFICATE_DAYS),
    '-subj',
    '/CN=tacocloud local Kafka CA (throwaway)',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  openssl(['req', '-new', ...ec, '-keyout', nodeKey, '-out', csr, '-subj', `/CN=${NODE_USER}`]);
  writeFileSync(
    extensions,
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth,clientAuth',
      `subjectAltName=${CERTIFICATE_NAMES}`,
      '',
    ].join('\n'),
  );
  openssl([
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    files.ca,
    '-CAkey',
    caKey,
    '-set_serial',
    `0x${randomBytes(16).toString('hex')}`,
    '-days',
    String(CERTIFICATE_DAYS),
    '-extfile',
    extensions,
    '-out',
    certificate,
  ]);
  // Kafka's PEM keystore: the PKCS#8 key (openssl 3 writes that with -nodes), then the chain.
  writeSecret(files.nodeKeystore, `${readFileSync(nodeKey, 'utf8')}${readFileSync(certificate, 'utf8')}`);
  for (const file of [caKey, nodeKey, csr, extensions]) rmSync(file, { force: true });
}

function openssl(args: string[]): void {
  const result = spawnSync('openssl', args, { encoding: 'utf8' });
  if (result.error) {
    throw new KafkaToolError(
      'openssl was not found; a secured cluster needs it to make its certificates.',
      'install it (Debian: apt-get install openssl).',
      {
        cause: result.error,
      },
    );
  }
  if (result.status !== 0)
    throw new KafkaToolError(`openssl ${args[0]} failed:\n${result.stderr}`, 'check that `openssl version` says 3.x.');
}

/** kafkajs options that connect to a secured cluster as `user` (TLS with the cluster's CA, SCRAM-SHA-512). */
export function kafkaJsAuth(clusterDir: string, user: string): { ssl: ConnectionOptions; sasl: SASLOptions } {
  return {
    ssl: { ca: [readFileSync(securityFiles(clusterDir).ca)] },
    sasl: { mechanism: 'scram-sha-512', username: user, password: readPassword(clusterDir, user) },
  };
}
