// order-listener process: consumes the orders topic in its group; run one replica per
// partition at most. SIGTERM finishes the record in hand, commits and leaves the group.
import closeWithGrace from 'close-with-grace';
import {
  bufferedLines,
  configOrExit,
  createKafkaClient,
  ensureTopics,
  isoTimeField,
  orderTopicsFrom,
  retryUntilReady,
  startTracing,
  traceLogFields,
  TypedListener,
} from '@tacocloud/messaging';
import { pino } from 'pino';
import { loadConfig } from './config.js';
import { buildHealthApp } from './health-app.js';
import { createListenerMetrics } from './metrics.js';
import { duplicateIdOf, orderHandler } from './order-handler.js';

/** Long enough to finish a record and commit; kafkajs leaves the group right after. */
const SHUTDOWN_GRACE_MS = 30_000;
/** About 20 lines of ~400 characters per write; below sonic-boom's 16 KB most per write. */
const LOG_BUFFER_CHARS = 8 * 1024;
/** Lines other than the orders' (joins, warnings) still show within a quarter second. */
const LOG_FLUSH_MS = 250;

async function main(): Promise<void> {
  const config = configOrExit('order-listener', () => loadConfig(process.env));
  const tracing = startTracing(config.tracing);
  // The "Received order" line is this listener's effect, and its offset is committed after it.
  // Lines gather in a buffer written synchronously when it fills (one write for a few dozen
  // lines instead of one each), and before every commit, every LOG_FLUSH_MS and at exit: a
  // crashed process cannot lose the line of an order already committed, and no write is ever
  // left in flight. A line written has reached the kernel, not the disk (logger.ts says why).
  const logDestination = bufferedLines(pino.destination({ dest: 1, sync: true }), LOG_BUFFER_CHARS);
  const flushLogs = () => logDestination.flushSync();
  setInterval(flushLogs, LOG_FLUSH_MS).unref();
  process.on('exit', flushLogs);
  const logger = pino(
    {
      level: config.logLevel,
      // trace_id and span_id of the active span (the record's, continuing order-api's trace).
      mixin: traceLogFields,
      base: { service: 'order-listener', pid: process.pid },
      timestamp: isoTimeField(),
    },
    logDestination,
  );
  const kafka = createKafkaClient({ ...config.kafka, logger });
  const topics = orderTopicsFrom(config);
  const listener = new TypedListener({
    kafka,
    topic: topics.orders,
    groupId: config.orders.listenerGroup,
    handler: orderHandler(logger),
    logger,
    partitionsConsumedConcurrently: config.concurrency,
    retry: config.retry,
    dedupeWindow: config.dedupeWindow,
    messageIdOf: duplicateIdOf,
    beforeCommit: flushLogs,
    sessionTimeoutMs: config.sessionTimeoutMs,
    maxValueBytes: config.maxValueBytes,
    fetch: config.fetch,
    unreachableTimeoutMs: config.unreachableExitMs,
    onFatal: (error) => {
      logger.fatal(
        { err: error },
        'The consumer stopped on an error it cannot recover from; exiting so a supervisor restarts this replica',
      );
      process.exit(1);
    },
    onUnreachable: (silentForMs) => {
      logger.fatal(
        { silentForMs, brokers: config.kafka.brokers },
        `Kafka unreachable for ${Math.round(silentForMs / 1000)} s (limit KAFKA_UNREACHABLE_EXIT_MS=${config.unreachableExitMs}); exiting so a supervisor restarts this replica`,
      );
      process.exit(1);
    },
  });
  const metrics = createListenerMetrics(listener);
  const health = buildHealthApp({
    isLive: () => listener.isLive,
    isReady: () => listener.isReady,
    partitions: () => listener.assignedPartitions,
    metrics: metrics.registry,
  });
  const stopping = new AbortController();

  closeWithGrace({ delay: SHUTDOWN_GRACE_MS, logger }, async ({ signal, err }) => {
    if (err) logger.error({ err }, 'Shutting down after an unexpected error');
    else logger.info({ signal }, 'Shutting down: finishing the record in hand, leaving the group');
    stopping.abort();
    await listener.stop();
    await health.close();
    metrics.close();
    await tracing.shutdown();
    logger.info('Stopped');
  });

  const address = await health.listen({ host: config.health.host, port: config.health.port });
  logger.info(
    { health: address, brokers: config.kafka.brokers, topic: topics.orders.name, groupId: config.orders.listenerGroup },
    'order-listener started',
  );
  try {
    await retryUntilReady(
      'Kafka start-up',
      async () => {
        await ensureTopics(kafka, topics.all, logger);
        await listener.start();
      },
      { logger, signal: stopping.signal },
    );
  } catch (error) {
    if (stopping.signal.aborted) return;
    logger.fatal({ err: error }, `Cannot start: ${(error as Error).message}`);
    process.exit(1);
  }
}

await main();
