// The worker's health endpoints: live while it can make progress (its dead letters get
// written; a partition stuck behind an unwritable DLT is worth a restart and an operator's
// look), ready while it is a consuming member of its group; and its Prometheus metrics. Built
// here, served by main.ts.
import Fastify, { type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

export interface HealthDeps {
  isLive: () => boolean;
  isReady: () => boolean;
  /** The partitions this replica owns, by topic, shown by /health/ready. */
  partitions?: () => Readonly<Record<string, readonly number[]>>;
  /** Served at GET /metrics when given. */
  metrics?: Registry;
}

export function buildHealthApp({ isLive, isReady, partitions = () => ({}), metrics }: HealthDeps): FastifyInstance {
  const app = Fastify({
    logger: false,
    // Probes and scrapes send a request line and a few headers: a client still sending after 10 s
    // is cut (checked every second; Node's defaults let one hold a connection for minutes).
    requestTimeout: 10_000,
    http: { headersTimeout: 10_000, connectionsCheckingInterval: 1_000 },
  });
  app.get('/health/live', async (_request, reply) => {
    const live = isLive();
    return reply.code(live ? 200 : 503).send({ status: live ? 'ok' : 'unavailable', checks: { deadLetterTopic: live } });
  });
  app.get('/health/ready', async (_request, reply) => {
    const ready = isReady();
    return reply
      .code(ready ? 200 : 503)
      .send({ status: ready ? 'ok' : 'unavailable', checks: { consumerGroup: ready }, partitions: ready ? partitions() : {} });
  });
  if (metrics) app.get('/metrics', async (_request, reply) => reply.type(metrics.contentType).send(await metrics.metrics()));
  return app;
}
