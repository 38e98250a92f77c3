import { channels } from '@tacocloud/messaging';
import {
  InMemoryOrderMessagingService,
  parsePrometheus,
  SAMPLE_ORDER,
  sampleValue,
  type PrometheusSample,
} from '@tacocloud/messaging/testing';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { createMetrics, type OrderApiMetrics } from './metrics.js';

const opened: { app: FastifyInstance; metrics: OrderApiMetrics }[] = [];
afterEach(async () => {
  for (const { app, metrics } of opened.splice(0)) {
    await app.close();
    metrics.close();
  }
});

async function scrape(app: FastifyInstance): Promise<PrometheusSample[]> {
  const response = await app.inject({ url: '/metrics' });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheus(response.body);
}

describe('GET /metrics', () => {
  it('should count orders accepted and rejected by reason, requests by route and status, and show the producer state', async () => {
    const metrics = createMetrics({ bufferedRecords: 7, isRefusingSends: true });
    const app = await buildApp({ messaging: new InMemoryOrderMessagingService(), metrics });
    opened.push({ app, metrics });
    const post = (body: unknown) =>
      app.inject({ method: 'POST', url: '/orders', payload: body as object, headers: { 'content-type': 'application/json' } });
    for (let i = 0; i < 5; i++) expect((await post(SAMPLE_ORDER)).statusCode).toBe(202);
    for (let i = 0; i < 2; i++) expect((await post({ ...SAMPLE_ORDER, ccCVV: 'x' })).statusCode).toBe(400);
    channels.acked.publish({ topic: 't', partition: 0, offset: '0', key: 'k', durationMs: 12 });
    channels.produced.publish({ topic: 't', partitions: 2, records: 3, durationMs: 12, ok: false });

    const samples = await scrape(app);
    expect(sampleValue(samples, 'orders_accepted_total')).toBe(5);
    expect(sampleValue(samples, 'orders_rejected_total', { reason: 'invalid' })).toBe(2);
    expect(sampleValue(samples, 'http_requests_total', { route: '/orders', method: 'POST', status_code: '202' })).toBe(5);
    expect(sampleValue(samples, 'http_request_duration_seconds_count', { route: '/orders', status_code: '400' })).toBe(2);
    expect(sampleValue(samples, 'kafka_produce_duration_seconds_count')).toBe(1);
    expect(sampleValue(samples, 'kafka_produce_request_records_sum')).toBe(3);
    expect(sampleValue(samples, 'kafka_produce_request_duration_seconds_sum')).toBe(0.012);
    expect(sampleValue(samples, 'kafka_produce_requests_failed_total')).toBe(1);
    expect(sampleValue(samples, 'kafka_producer_buffered_records')).toBe(7);
    expect(sampleValue(samples, 'kafka_producer_refusing_sends')).toBe(1);
    // inject() opens no connection.
    expect(sampleValue(samples, 'http_connections_open')).toBe(0);
    expect(sampleValue(samples, 'process_cpu_seconds_total')).toBeGreaterThanOrEqual(0);
  });

  it('should label by route template, never by an id or a query string', async () => {
    const metrics = createMetrics(undefined);
    const app = await buildApp({ messaging: new InMemoryOrderMessagingService(), metrics });
    opened.push({ app, metrics });
    await app.inject({ url: '/no/such/route/4111111111111111?ccCVV=123' });
    const routes = new Set(
      (await scrape(app)).filter((sample) => sample.name === 'http_requests_total').map((sample) => sample.labels['route']),
    );
    expect([...routes]).toEqual(['unmatched']);
  });
});
