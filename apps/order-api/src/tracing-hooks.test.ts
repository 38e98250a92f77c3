import { Writable } from 'node:stream';
import { startTracing, type Tracing } from '@tacocloud/messaging';
import { InMemoryOrderMessagingService, SAMPLE_ORDER } from '@tacocloud/messaging/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { loggerOptions } from './logger.js';

describe("POST /orders in the caller's trace", () => {
  let tracing: Tracing;
  beforeAll(() => {
    tracing = startTracing({ enabled: true, serviceName: 'order-api-test' });
  });
  afterAll(async () => {
    await tracing.shutdown();
  });

  async function traceIdLogged(traceparent: string): Promise<string | undefined> {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const app = await buildApp({ messaging: new InMemoryOrderMessagingService(), logger: pino(loggerOptions('info'), sink) });
    try {
      const response = await app.inject({ method: 'POST', url: '/orders', payload: SAMPLE_ORDER, headers: { traceparent } });
      expect(response.statusCode).toBe(202);
    } finally {
      await app.close();
    }
    const accepted = lines
      .map((line) => JSON.parse(line) as { msg: string; trace_id?: string })
      .find((line) => line.msg.startsWith('Order accepted'));
    return accepted?.trace_id;
  }

  it("should continue the caller's trace", async () => {
    expect(await traceIdLogged('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  // Found by a hostile review: hex has room for a card number, which then reached every log line.
  it.each([
    ['trace id', '00-41111111111111110000000000000000-00f067aa0ba902b7-01'],
    ['parent id', '00-4bf92f3577b34da6a3ce929d0e0e4736-4111111111111111-01'],
  ])('should start a new trace when the %s holds a card number', async (_part, traceparent) => {
    const traceId = await traceIdLogged(traceparent);
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(traceparent).not.toContain(traceId);
  });
});
