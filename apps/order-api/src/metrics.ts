// order-api's Prometheus metrics: HTTP requests, orders accepted and rejected, and the
// producer as the messaging lib reports it on node:diagnostics_channel (acknowledgements,
// produce requests) and through its state (buffer depth, breaker). Labels are bounded: route
// templates, status codes and reasons, never an order id.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { channels } from '@tacocloud/messaging';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface ProducerState {
  bufferedRecords: number;
  isRefusingSends: boolean;
}

export interface OrderApiMetrics {
  registry: Registry;
  /** Connections closed as soon as accepted: HTTP_MAX_CONNECTIONS were open. */
  connectionsRefused: Counter;
  http: {
    requests: Counter<'route' | 'method' | 'status_code'>;
    duration: Histogram<'route' | 'method' | 'status_code'>;
    accepted: Counter;
    rejected: Counter<'reason'>;
  };
  /** Stops listening to the messaging lib's channels. */
  close(): void;
}

/** Why an order was not accepted, by the status it got: a small, fixed set of label values. */
const REJECTION_REASONS: Readonly<Record<number, string>> = {
  400: 'invalid',
  413: 'too-large',
  415: 'unsupported-media-type',
  500: 'internal-error',
  503: 'kafka-unavailable',
};

/** Seconds: from a loopback answer (ms) to the send timeout (15 s). */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15];

export function createMetrics(producer: ProducerState | undefined): OrderApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by route template, method and status code',
    labelNames: ['route', 'method', 'status_code'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route template, method and status code',
    labelNames: ['route', 'method', 'status_code'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const accepted = new Counter({ name: 'orders_accepted_total', help: 'Orders answered 202: durably in Kafka', registers: [registry] });
  const rejected = new Counter({
    name: 'orders_rejected_total',
    help: 'Orders not accepted, by reason',
    labelNames: ['reason'],
    registers: [registry],
  });
  // Every reason starts at 0, so a rate() over it works before the first rejection.
  for (const reason of [...Object.values(REJECTION_REASONS), 'other']) rejected.labels(reason);
  const produceLatency = new Histogram({
    name: 'kafka_produce_duration_seconds',
    help: 'From a record handed to the producer to its acknowledgement by every in-sync replica',
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const requestRecords = new Histogram({
    name: 'kafka_produce_request_records',
    help: 'Records per produce request (every partition ready at a flush; kafkajs splits it by broker)',
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
    registers: [registry],
  });
  // Beside the per-record latency above: a record that waits long in a fast request waited in
  // order-api (a flush, an in-flight slot); one that waits as long as its request waited on Kafka.
  const requestDuration = new Histogram({
    name: 'kafka_produce_request_duration_seconds',
    help: 'From a produce request sent to its answer from Kafka (acks=all)',
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const failedRequests = new Counter({
    name: 'kafka_produce_requests_failed_total',
    help: 'Produce requests that failed (each of their records is retried or answered 503)',
    registers: [registry],
  });
  new Gauge({
    name: 'kafka_producer_buffered_records',
    help: 'Records waiting for Kafka or in flight',
    registers: [registry],
    collect() {
      this.set(producer?.bufferedRecords ?? 0);
    },
  });
  new Gauge({
    name: 'kafka_producer_refusing_sends',
    help: '1 while sends are refused at once because Kafka has acknowledged nothing for a send timeout',
    registers: [registry],
    collect() {
      this.set(producer?.isRefusingSends ? 1 : 0);
    },
  });

  const connectionsRefused = new Counter({
    name: 'http_connections_refused_total',
    help: 'Connections closed as soon as accepted because HTTP_MAX_CONNECTIONS were open',
    registers: [registry],
  });

  const onAcked = (event: unknown) => produceLatency.observe((event as { durationMs: number }).durationMs / 1000);
  const onProduced = (event: unknown) => {
    const { records, ok, durationMs } = event as { records: number; ok: boolean; durationMs: number };
    requestRecords.observe(records);
    requestDuration.observe(durationMs / 1000);
    if (!ok) failedRequests.inc();
  };
  subscribe(channels.acked.name, onAcked);
  subscribe(channels.produced.name, onProduced);

  return {
    registry,
    connectionsRefused,
    http: { requests, duration, accepted, rejected },
    close() {
      unsubscribe(channels.acked.name, onAcked);
      unsubscribe(channels.produced.name, onProduced);
    },
  };
}

/** Counts every answer, and each POST /orders as accepted or rejected, and the server's open connections. */
export function registerMetrics(app: FastifyInstance, { registry, http }: OrderApiMetrics): void {
  // How close the server is to HTTP_MAX_CONNECTIONS, asked of it when scraped.
  new Gauge({
    name: 'http_connections_open',
    help: 'Open HTTP connections; HTTP_MAX_CONNECTIONS bounds them',
    registers: [registry],
    collect() {
      return new Promise<void>((resolve) =>
        app.server.getConnections((error, count) => {
          if (!error) this.set(count);
          resolve();
        }),
      );
    },
  });
  app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    const labels = { route: request.routeOptions.url ?? 'unmatched', method: request.method, status_code: String(reply.statusCode) };
    http.requests.inc(labels);
    http.duration.observe(labels, reply.elapsedTime / 1000);
    if (labels.route !== '/orders' || request.method !== 'POST') return;
    if (reply.statusCode === 202) http.accepted.inc();
    else http.rejected.inc({ reason: REJECTION_REASONS[reply.statusCode] ?? 'other' });
  });
}

/** GET /metrics, on the orders' app or on the management app (HEALTH_PORT). */
export function serveMetrics(app: FastifyInstance, registry: Registry): void {
  app.get('/metrics', { logLevel: 'warn', schema: { hide: true } }, async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()),
  );
}
