// The console process: config, logger, Kafka, HTTP server, signals and graceful shutdown.
import { fileURLToPath } from 'node:url';
import closeWithGrace from 'close-with-grace';
import {
  assertBrokersAnswer,
  configOrExit,
  consumerLag,
  createKafkaClient,
  decodeLetter,
  isoTimeField,
  DLT_SUFFIX,
  readDeadLetters,
  orderTopicsFrom,
  replayDeadLetters,
  replayedLetters,
  retryUntilReady,
  TopicTail,
  whyNotReplayable,
} from '@tacocloud/messaging';
import { pino } from 'pino';
import { OperatorAccess } from './access.js';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { Operations } from './operations.js';
import { letterView } from './views.js';

/** Open pages are told to go at once; a replay in progress gets this long to finish. */
const SHUTDOWN_GRACE_MS = 30_000;
/** Newest letters shown: the DLT of a healthy system is short, and a page must stay usable. */
const MAX_LETTERS_SHOWN = 500;
/**
 * A listing reads the newest letters of each partition only: a DLT grown to millions of letters
 * in an incident would otherwise be read whole, into memory, for every page load. 2,000 a
 * partition covers the 500 shown.
 */
const LETTERS_READ_PER_PARTITION = 2_000;
/** order-api takes orders of up to 64 KB, and their events are smaller: a larger record is shown as too large. */
const MAX_ORDER_BYTES = 64 * 1024;

async function main(): Promise<void> {
  const config = configOrExit('console', () => loadConfig(process.env));
  const logger = pino({
    level: config.logLevel,
    base: { service: 'console' },
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'token'], censor: '[REDACTED]' },
    timestamp: isoTimeField(),
  });
  const kafka = createKafkaClient({ ...config.kafka, logger });
  const topics = orderTopicsFrom(config);
  const dlt = `${topics.orders.name}${DLT_SUFFIX}`;
  const tail = new TopicTail({
    kafka,
    topic: topics.orders,
    groupId: config.group,
    recent: config.recentOrders,
    maxValueBytes: MAX_ORDER_BYTES,
    logger,
  });
  const admin = kafka.admin();
  const operations = new Operations({
    group: config.orders.listenerGroup,
    topic: topics.orders.name,
    lag: () => consumerLag(admin, config.orders.listenerGroup, [topics.orders.name]),
    metricsUrls: config.listenerMetricsUrls,
  });
  const access = new OperatorAccess(config.operatorToken, Date.now, logger);
  const { app } = await buildApp({
    access,
    orders: tail,
    operations,
    deadLetters: {
      async list({ reason, since, until }) {
        const replayed = await replayedLetters(kafka, dlt);
        // Each letter as shown, made as it is read: what is kept of it is bounded (views.ts).
        const { letters, unread } = await readDeadLetters(
          kafka,
          dlt,
          { newestPerPartition: LETTERS_READ_PER_PARTITION, ...(since && { since }) },
          (letter) =>
            (!reason || letter.reason === reason) && (!until || Date.parse(letter.timestamp) <= until.getTime())
              ? letterView(letter, whyNotReplayable(letter, dlt) === undefined, replayed(letter), decodeLetter(topics.orders, letter))
              : undefined,
        );
        const shown = letters
          .filter((letter) => letter !== undefined)
          .sort((a, b) => b.timestamp.localeCompare(a.timestamp))
          .slice(0, MAX_LETTERS_SHOWN);
        return { letters: shown, unread };
      },
      replay: (letters) => replayDeadLetters(kafka, dlt, { letters }),
    },
    readiness: () => ({ ordersConsumer: tail.isRunning }),
    publicDir: fileURLToPath(new URL('../public/', import.meta.url)),
    logger,
    ...(config.trustProxy !== undefined && { trustProxy: config.trustProxy }),
  });
  const stopping = new AbortController();

  closeWithGrace({ delay: SHUTDOWN_GRACE_MS, logger }, async ({ signal, err }) => {
    if (err) logger.error({ err }, 'Shutting down after an unexpected error');
    else logger.info({ signal }, 'Shutting down: closing live streams, leaving the group');
    stopping.abort();
    await app.close();
    await tail.stop();
    await admin.disconnect();
    logger.info('Stopped');
  });

  const address = await app.listen({ host: config.http.host, port: config.http.port });
  logger.info(
    {
      url: address,
      brokers: config.kafka.brokers,
      topic: topics.orders.name,
      listenerGroup: config.orders.listenerGroup,
      group: config.group,
      operations: access.enabled ? 'enabled' : 'disabled (CONSOLE_OPERATOR_TOKEN is not set)',
    },
    'console started',
  );
  try {
    await retryUntilReady(
      'Kafka start-up',
      async () => {
        await assertBrokersAnswer(kafka);
        await admin.connect();
        await tail.start();
      },
      { logger, signal: stopping.signal },
    );
    logger.info('Reading the orders topic: ready');
  } catch (error) {
    if (stopping.signal.aborted) return;
    logger.fatal({ err: error }, `Cannot start: ${(error as Error).message}`);
    process.exit(1);
  }
}

await main();
