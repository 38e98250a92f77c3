import { describe, expect, it } from 'vitest';
import { buildHealthApp } from './health-app.js';

describe('buildHealthApp', () => {
  it('/health/live should answer 503 naming the dead-letter check while dead letters cannot be written', async () => {
    let live = false;
    const app = buildHealthApp({ isLive: () => live, isReady: () => true });
    const failing = await app.inject({ url: '/health/live' });
    expect(failing.statusCode).toBe(503);
    expect(failing.json()).toEqual({ status: 'unavailable', checks: { deadLetterTopic: false } });
    live = true;
    const passing = await app.inject({ url: '/health/live' });
    expect(passing.statusCode).toBe(200);
    expect(passing.json()).toEqual({ status: 'ok', checks: { deadLetterTopic: true } });
    await app.close();
  });

  it('/health/ready should list the partitions the replica owns, and answer 503 with none while it is not in its group', async () => {
    let ready = true;
    const app = buildHealthApp({ isLive: () => true, isReady: () => ready, partitions: () => ({ orders: [0, 2, 4] }) });
    const owning = await app.inject({ url: '/health/ready' });
    expect(owning.statusCode).toBe(200);
    expect(owning.json()).toEqual({ status: 'ok', checks: { consumerGroup: true }, partitions: { orders: [0, 2, 4] } });
    ready = false;
    const out = await app.inject({ url: '/health/ready' });
    expect(out.statusCode).toBe(503);
    expect(out.json()).toEqual({ status: 'unavailable', checks: { consumerGroup: false }, partitions: {} });
    await app.close();
  });
});
