// order-api process: config, logger, Kafka, HTTP server, signals and graceful shutdown.
import closeWithGrace from 'close-with-grace';
import {
  ClusterMonitor,
  configOrExit,
  createKafkaClient,
  ensureTopics,
  KafkaOrderMessagingService,
  orderTopicsFrom,
  retryUntilReady,
  startTracing,
  TypedProducer,
} from '@tacocloud/messaging';
import { pino } from 'pino';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { listen } from './listen.js';
import { loggerOptions } from './logger.js';
import { buildManagementApp } from './management-app.js';
import { createMetrics } from './metrics.js';

/**
 * Log lines are written asynchronously, up to 1 MB a write: at sonic-boom's 16 KB a write (one
 * write per event-loop turn) a flood of 503s, each logged with its stack, outran stdout and its
 * buffer grew by 14 MB a second until the process would be killed. At most 32 MB wait; lines
 * beyond that are dropped, not held.
 */
const LOG_DESTINATION = { dest: 1, sync: false, maxWrite: 1024 * 1024, maxLength: 32 * 1024 * 1024 };

/** After SIGTERM, in-flight orders get their send timeout to be answered, plus time to disconnect. */
const SHUTDOWN_MARGIN_MS = 10_000;

async function main(): Promise<void> {
  const config = configOrExit('order-api', () => loadConfig(process.env));
  const tracing = startTracing(config.tracing);
  const logger = pino(loggerOptions(config.logLevel), pino.destination(LOG_DESTINATION));
  const kafka = createKafkaClient({ ...config.kafka, logger });
  const topics = orderTopicsFrom(config);
  const producer = new TypedProducer({
    kafka,
    defaultTopic: topics.orders,
    logger,
    sendTimeoutMs: config.sendTimeoutMs,
    batching: config.batching,
  });
  let topicsReady = false;
  const cluster = new ClusterMonitor(kafka, logger);
  const metrics = config.metricsEnabled ? createMetrics(producer) : undefined;
  const stopping = new AbortController();
  // With HEALTH_PORT the probes outlive the orders' port: unready from SIGTERM on, not from its end.
  const readiness = () => ({
    accepting: !stopping.signal.aborted,
    kafkaProducer: producer.isConnected,
    kafkaReachable: cluster.isReachable,
    topics: topicsReady,
  });
  const app = await buildApp({
    messaging: new KafkaOrderMessagingService(producer, topics.orders),
    readiness,
    ...(metrics && { metrics }),
    logger,
    bodyLimit: config.http.bodyLimit,
    servesHealthAndMetrics: config.health === undefined,
    ...(config.idempotencySecret && { idempotencySecret: Buffer.from(config.idempotencySecret.reveal(), 'utf8') }),
  });
  const management = config.health && (await buildManagementApp({ readiness, logger, ...(metrics && { metrics }) }));

  closeWithGrace({ delay: config.sendTimeoutMs + SHUTDOWN_MARGIN_MS, logger }, async ({ signal, err }) => {
    if (err) logger.error({ err }, 'Shutting down after an unexpected error');
    else logger.info({ signal }, 'Shutting down: finishing in-flight orders');
    stopping.abort();
    await app.close();
    await producer.stop();
    // Probes are answered (not ready once the producer stopped) until the orders are done.
    await management?.close();
    await cluster.stop();
    metrics?.close();
    await tracing.shutdown();
    logger.info('Stopped');
  });

  await listen(app, config.http, () => metrics?.connectionsRefused.inc());
  const health = config.health && management ? await management.listen(config.health) : undefined;
  logger.info(
    {
      profile: config.profile,
      brokers: config.kafka.brokers,
      topic: topics.orders.name,
      eventVersion: topics.orders.message.version,
      ...(health && { health }),
    },
    'order-api started',
  );

  try {
    await retryUntilReady(
      'Kafka start-up',
      async () => {
        await ensureTopics(kafka, topics.all, logger);
        topicsReady = true;
        await producer.start();
      },
      { logger, signal: stopping.signal },
    );
    await cluster.start();
    logger.info('Connected to Kafka: ready for orders');
  } catch (error) {
    if (stopping.signal.aborted) return;
    logger.fatal({ err: error }, `Cannot start: ${(error as Error).message}`);
    process.exit(1);
  }
}

await main();
