// GET /metrics (operator token, as a Prometheus scrape's bearer token): the listeners' group lag
// per partition as Kafka's offsets show it, measured from outside the group. A stopped listener
// reports nothing (its own kafka_consumer_lag goes with it), so this is the lag to alert on.
import type { FastifyInstance } from 'fastify';
import { Gauge, Registry } from 'prom-client';
import type { ConsoleDeps } from './app.js';

export function metricsRoute(app: FastifyInstance, { access, operations }: Pick<ConsoleDeps, 'access' | 'operations'>): void {
  const registry = new Registry();
  new Gauge({
    name: 'kafka_consumergroup_lag',
    help: "Records the listeners' group has yet to handle per partition: end offset minus committed offset (the whole partition where nothing is committed)",
    labelNames: ['group', 'topic', 'partition'],
    registers: [registry],
    async collect() {
      const snapshot = await operations.snapshot();
      this.reset();
      for (const row of snapshot.partitions) {
        this.set({ group: snapshot.group, topic: snapshot.topic, partition: String(row.partition) }, Number(row.waiting));
      }
    },
  });
  app.get('/metrics', { preHandler: access.guard }, async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()),
  );
}
