// Liveness (the process answers) and readiness (it can take orders: producer connected and
// topics in place). Orchestrators route traffic on readiness and restart on liveness.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { HealthResponse } from './schemas.js';

export type ReadinessCheck = () => Record<string, boolean>;

export const healthRoutes: FastifyPluginAsyncZod<{ readiness: ReadinessCheck }> = async (app, { readiness }) => {
  app.get('/health/live', { logLevel: 'warn', schema: { tags: ['health'], response: { 200: HealthResponse } } }, async () => ({
    status: 'ok' as const,
  }));

  app.get(
    '/health/ready',
    { logLevel: 'warn', schema: { tags: ['health'], response: { 200: HealthResponse, 503: HealthResponse } } },
    async (_request, reply) => {
      const checks = readiness();
      const ready = Object.values(checks).every(Boolean);
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ok' : 'unavailable', checks });
    },
  );
};
