// Fastify with nothing of ours: POST /orders parses the JSON body and answers 202 with a
// receipt of the same shape as order-api's. No validation, ids checked for card numbers,
// hooks, metrics, tracing or logging. The bench runs it beside the stub, built and pinned
// the same way, so their CPU per request splits what an order costs between the HTTP stack
// itself and our request handling.
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';

const app = Fastify({ logger: false });
let offset = 0;
app.post('/orders', async (_request, reply) =>
  reply.code(202).send({
    status: 'accepted',
    orderId: randomUUID(),
    topic: 'taco-orders',
    partition: 0,
    offset: String(offset++),
    timestamp: new Date().toISOString(),
  }),
);
app.get('/health/live', async () => ({ status: 'ok' }));
// order-api's listen queue and bound on open connections (apps/order-api/src/listen.ts), so a
// burst of connections meets the same limits.
app.server.maxConnections = 1_024;
const address = await app.listen({ host: process.env['HOST'] ?? '127.0.0.1', port: Number(process.env['PORT'] ?? 0), backlog: 4_096 });
console.log(`bare Fastify listening at ${address}`);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
