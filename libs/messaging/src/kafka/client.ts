// The one place a kafkajs client is created: brokers, client id, and kafkajs's own log
// lines routed into our structured logger instead of the console.
import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import type { Logger } from '../logger.js';
import { applyKafkaJsPatches } from './kafkajs-patches.js';

export interface KafkaClientOptions {
  brokers: readonly string[];
  clientId: string;
  logger: Logger;
}

export interface KafkaConnection {
  brokers: readonly string[];
  clientId: string;
}

const connections = new WeakMap<Kafka, KafkaConnection>();

/** Where a client connects, for the few requests kafkajs cannot make (see describeBrokers). */
export function connectionOf(kafka: Kafka): KafkaConnection {
  const connection = connections.get(kafka);
  if (!connection) throw new Error('This Kafka client was not made by createKafkaClient(); make it with that function');
  return connection;
}

export function createKafkaClient({ brokers, clientId, logger }: KafkaClientOptions): Kafka {
  applyKafkaJsPatches();
  const kafka = new Kafka({
    clientId,
    brokers: [...brokers],
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => logKafkaEntry(logger, entry),
    // A broker restart or leader election takes seconds; these keep retrying for ~30 s
    // before an operation fails, instead of kafkajs's default of ~8 s.
    retry: { initialRetryTime: 300, retries: 8, maxRetryTime: 10_000 },
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
  });
  connections.set(kafka, { brokers: [...brokers], clientId });
  return kafka;
}

function logKafkaEntry(logger: Logger, { level, namespace, log }: LogEntry): void {
  const { message, timestamp: _timestamp, logger: _name, ...fields } = log as LogEntry['log'] & { logger?: string };
  const entry = { component: 'kafkajs', namespace, ...fields };
  // kafkajs logs every error response at ERROR, even the retriable ones it then retries
  // (a coordinator still loading, a leader moving); those are warnings until they give up.
  const transient = namespace === 'Connection' && message.startsWith('Response ');
  if (level === logLevel.ERROR && !transient) logger.error(entry, message);
  else if (level === logLevel.ERROR) logger.warn(entry, message);
  else if (level === logLevel.WARN) logger.warn(entry, message);
  else if (level === logLevel.INFO) logger.info(entry, message);
  else logger.debug(entry, message);
}
