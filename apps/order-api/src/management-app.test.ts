import { describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { buildManagementApp } from './management-app.js';
import { createMetrics } from './metrics.js';
import { InMemoryOrderMessagingService } from '@tacocloud/messaging/testing';

describe('management app (HEALTH_PORT)', () => {
  const producer = { bufferedRecords: 0, isRefusingSends: false };

  it('should serve liveness, readiness with its checks, and the metrics of the orders app', async () => {
    const metrics = createMetrics(producer);
    const orders = await buildApp({ messaging: new InMemoryOrderMessagingService(), metrics, servesHealthAndMetrics: false });
    const management = await buildManagementApp({ readiness: () => ({ kafkaProducer: true, topics: false }), metrics });
    try {
      expect((await orders.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(404);
      expect((await orders.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
      await orders.inject({ method: 'GET', url: '/nowhere' });

      expect((await management.inject({ method: 'GET', url: '/health/live' })).json()).toEqual({ status: 'ok' });
      const ready = await management.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ status: 'unavailable', checks: { kafkaProducer: true, topics: false } });
      const page = await management.inject({ method: 'GET', url: '/metrics' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toMatch(/^http_requests_total\{route="unmatched",method="GET",status_code="404"\} 3$/m);
    } finally {
      metrics.close();
      await Promise.all([orders.close(), management.close()]);
    }
  });

  it('should answer 404 on /metrics when metrics are off', async () => {
    const management = await buildManagementApp({ readiness: () => ({}) });
    try {
      expect((await management.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
      expect((await management.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
    } finally {
      await management.close();
    }
  });

  // Found by a hostile review: Fastify's own 404 there echoed the URL, query string and card number included.
  it('should answer unknown paths and malformed URLs as the orders port does, without echoing the URL', async () => {
    const management = await buildManagementApp({ readiness: () => ({}) });
    try {
      const unknown = await management.inject({ method: 'GET', url: '/x/4111111111111111?cc=4111111111111111' });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()).toEqual({ statusCode: 404, error: 'Not Found', message: 'No route for GET /x/[card number removed]' });
      const malformed = await management.inject({ method: 'GET', url: '/x%zz?cc=4111111111111111' });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.body).not.toContain('4111111111111111');
    } finally {
      await management.close();
    }
  });
});
