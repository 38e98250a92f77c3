// The worker's health endpoints: live while the process runs, ready while it is a
// consuming member of its group. Built here, served by main.ts.
import Fastify, { type FastifyInstance } from 'fastify';

export interface HealthDeps {
  isReady: () => boolean;
}

export function buildHealthApp({ isReady }: HealthDeps): FastifyInstance {
  const app = Fastify({ logger: false });
  app.get('/health/live', async () => ({ status: 'ok' }));
  app.get('/health/ready', async (_request, reply) => {
    const ready = isReady();
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ok' : 'unavailable', checks: { consumerGroup: ready } });
  });
  return app;
}
