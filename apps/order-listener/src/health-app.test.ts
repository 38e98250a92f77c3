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

  it('/health/ready should answer 503 while the listener is not in its group', async () => {
    const app = buildHealthApp({ isLive: () => true, isReady: () => false });
    expect((await app.inject({ url: '/health/ready' })).statusCode).toBe(503);
    await app.close();
  });
});
