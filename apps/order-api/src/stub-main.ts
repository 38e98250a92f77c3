// order-api with its OrderMessagingService kept in memory: the same Fastify app, routes,
// validation, logging, metrics and tracing, configured from the same variables, minus Kafka.
// `npm run bench` runs it as a process next to the real order-api; measuring it isolates what
// Kafka costs an order. Never for production: it is left out of the build
// (tsconfig.build.json), so no image carries it.
import { configOrExit, startTracing } from '@tacocloud/messaging';
import { InMemoryOrderMessagingService } from '@tacocloud/messaging/testing';
import { pino } from 'pino';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { listen } from './listen.js';
import { loggerOptions } from './logger.js';
import { buildManagementApp } from './management-app.js';
import { createMetrics } from './metrics.js';

const config = configOrExit('order-api', () => loadConfig(process.env));
const tracing = startTracing(config.tracing);
const metrics = config.metricsEnabled ? createMetrics(undefined) : undefined;
const app = await buildApp({
  // Maps orders to the event version order-api writes by default, and keeps none of them.
  messaging: new InMemoryOrderMessagingService({ eventVersion: 2, keepSent: false }),
  ...(metrics && { metrics }),
  logger: pino(loggerOptions(config.logLevel)),
  servesHealthAndMetrics: config.health === undefined,
});
// As order-api does with HEALTH_PORT; nothing to check for readiness without Kafka.
const management = config.health && (await buildManagementApp({ readiness: () => ({}), ...(metrics && { metrics }) }));
const address = await listen(app, config.http, () => metrics?.connectionsRefused.inc());
if (config.health && management) console.log(`stub order-api health at ${await management.listen(config.health)}`);
console.log(`stub order-api listening at ${address}`);
process.once(
  'SIGTERM',
  () =>
    void app
      .close()
      .then(() => management?.close())
      .then(() => tracing.shutdown())
      .then(() => process.exit(0)),
);
