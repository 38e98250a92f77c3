// order-api with its OrderMessagingService kept in memory: the same Fastify app, routes,
// validation and logging, minus Kafka. `npm run bench` runs it as a process next to the real
// order-api; measuring it isolates the HTTP and validation cost. Never for production: it is
// left out of the build (tsconfig.build.json), so no image carries it.
import { InMemoryOrderMessagingService } from '@tacocloud/messaging/testing';
import { pino } from 'pino';
import { buildApp } from './app.js';
import { loggerOptions } from './logger.js';

const app = await buildApp({
  // Maps orders to the event version order-api writes by default, and keeps none of them.
  messaging: new InMemoryOrderMessagingService({ eventVersion: 2, keepSent: false }),
  logger: pino(loggerOptions(process.env['LOG_LEVEL'] === 'info' ? 'info' : 'warn')),
});
const address = await app.listen({ host: process.env['HOST'] ?? '127.0.0.1', port: Number(process.env['PORT'] ?? 0) });
console.log(`stub order-api listening at ${address}`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
