// order-api with its OrderMessagingService kept in memory: the same Fastify app, routes,
// validation and logging, minus Kafka. Measuring it isolates the HTTP and validation cost.
import { buildApp } from '@tacocloud/order-api/app';
import { InMemoryOrderMessagingService } from '@tacocloud/messaging/testing';
import { pino } from 'pino';

const app = await buildApp({ messaging: new InMemoryOrderMessagingService(), logger: pino({ level: process.env['LOG_LEVEL'] ?? 'warn' }) });
const address = await app.listen({ host: '127.0.0.1', port: Number(process.env['PORT'] ?? 0) });
console.log(`stub order-api listening at ${address}`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
