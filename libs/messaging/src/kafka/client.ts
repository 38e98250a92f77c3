// The one place a kafkajs client is created: brokers, client id, TLS and SASL, and kafkajs's
// own log lines routed into our structured logger instead of the console.
import type { ConnectionOptions } from 'node:tls';
import { Kafka, logLevel, type KafkaConfig, type LogEntry, type SASLOptions } from 'kafkajs';
import { PLAINTEXT, type KafkaSecurity } from '../config/kafka-security.js';
import type { Logger } from '../logger.js';
import { applyKafkaJsPatches, withLibraryRecordDecoding } from './kafkajs-patches.js';

export interface KafkaClientOptions {
  brokers: readonly string[];
  clientId: string;
  /** TLS and SASL settings; plaintext without authentication when absent. */
  security?: KafkaSecurity;
  logger: Logger;
}

export interface KafkaConnection {
  brokers: readonly string[];
  clientId: string;
  security: KafkaSecurity;
}

const connections = new WeakMap<Kafka, KafkaConnection>();

/** Where and how a client connects, for the few requests kafkajs cannot make (see describeBrokers). */
export function connectionOf(kafka: Kafka): KafkaConnection {
  const connection = connections.get(kafka);
  if (!connection) throw new Error('This Kafka client was not made by createKafkaClient(); make it with that function');
  return connection;
}

export function createKafkaClient({ brokers, clientId, security = PLAINTEXT, logger }: KafkaClientOptions): Kafka {
  applyKafkaJsPatches();
  const kafka = new Kafka({
    clientId,
    brokers: [...brokers],
    ...kafkaJsSecurity(security),
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => logKafkaEntry(logger, entry),
    // A broker restart or leader election takes seconds; these keep retrying for ~30 s
    // before an operation fails, instead of kafkajs's default of ~8 s.
    retry: { initialRetryTime: 300, retries: 8, maxRetryTime: 10_000 },
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
  });
  connections.set(kafka, { brokers: [...brokers], clientId, security });
  decodeRecordsOfConsumers(kafka);
  return kafka;
}

/** Each consumer of `kafka` runs, and so fetches, with the library's record decoder (kafkajs-patches.ts). */
function decodeRecordsOfConsumers(kafka: Kafka): void {
  const createConsumer = kafka.consumer.bind(kafka);
  kafka.consumer = (config) => {
    const consumer = createConsumer(config);
    const run = consumer.run.bind(consumer);
    consumer.run = (runConfig) => withLibraryRecordDecoding(() => run(runConfig));
    return consumer;
  };
}

/** kafkajs's `ssl` and `sasl` options for `security`, for the few tools that make a client of their own. */
export function kafkaJsSecurity(security: KafkaSecurity): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  return {
    ...(security.tls && { ssl: tlsOptions(security) }),
    ...(security.sasl && { sasl: saslOptions(security) }),
  };
}

/** Node TLS options for a protocol with TLS; the broker's name is always verified, as Java's clients do by default. */
export function tlsOptions({ tls }: KafkaSecurity): ConnectionOptions {
  return {
    rejectUnauthorized: true,
    ...(tls?.ca !== undefined && { ca: tls.ca }),
    ...(tls?.cert !== undefined && { cert: tls.cert }),
    ...(tls?.key !== undefined && { key: tls.key }),
    ...(tls?.keyPassword !== undefined && { passphrase: tls.keyPassword.reveal() }),
  };
}

function saslOptions({ sasl }: KafkaSecurity): SASLOptions {
  const { mechanism, username, password } = sasl!;
  const name = mechanism === 'PLAIN' ? 'plain' : mechanism === 'SCRAM-SHA-256' ? 'scram-sha-256' : 'scram-sha-512';
  return { mechanism: name, username, password: password.reveal() } as SASLOptions;
}

/**
 * kafkajs logs every error response (a partition not hosted yet, a coordinator still loading,
 * a leader moving) at ERROR, and then retries it: the caller gets an error only if the retries
 * give up, and logs that. Those responses are debug detail, as is a rebalance kafkajs rejoins
 * by itself; a warning is left for what a person should look at. A refused login is reported
 * once, in words, by whoever started the client (see accessDeniedFrom).
 */
export function levelOfKafkaEntry({ level, namespace, log }: Pick<LogEntry, 'level' | 'namespace' | 'log'>): LogLevelName {
  if (namespace === 'Connection' && log.message.startsWith('Response ')) return 'debug';
  if (namespace === 'Runner' && log.message.startsWith('The group is rebalancing')) return 'info';
  // kafkajs's root logger (e.g. its partitioner notice) has no namespace.
  if (namespace?.startsWith('SaslAuthenticator')) return 'debug';
  if (level === logLevel.ERROR) return 'error';
  if (level === logLevel.WARN) return 'warn';
  return level === logLevel.INFO ? 'info' : 'debug';
}

type LogLevelName = 'error' | 'warn' | 'info' | 'debug';

function logKafkaEntry(logger: Logger, entry: LogEntry): void {
  const { message, timestamp: _timestamp, logger: _name, ...fields } = entry.log as LogEntry['log'] & { logger?: string };
  logger[levelOfKafkaEntry(entry)]({ component: 'kafkajs', namespace: entry.namespace, ...fields }, message);
}
