import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('order-listener config', () => {
  it('should default to Spring-like retries, a 10 s session and a 60 s unreachable limit', () => {
    expect(loadConfig({})).toMatchObject({
      health: { port: 8081 },
      concurrency: 3,
      retry: { attempts: 3, initialDelayMs: 1000, multiplier: 2, maxDelayMs: 10000 },
      dedupeWindow: 10000,
      sessionTimeoutMs: 10000,
      fetch: { maxBytes: 1_536 * 1024, maxBytesPerPartition: 256 * 1024 },
      unreachableExitMs: 60000,
      orders: { listenerGroup: 'order-listener' },
    });
  });

  it('should read the retry policy from the environment', () => {
    const config = loadConfig({
      LISTENER_RETRY_ATTEMPTS: '5',
      LISTENER_RETRY_INITIAL_DELAY_MS: '200',
      LISTENER_RETRY_MULTIPLIER: '1.5',
      LISTENER_RETRY_MAX_DELAY_MS: '3000',
    });
    expect(config.retry).toEqual({ attempts: 5, initialDelayMs: 200, multiplier: 1.5, maxDelayMs: 3000 });
  });

  it('should read the fetch limits, for operators who trade memory for drain speed', () => {
    const config = loadConfig({ LISTENER_FETCH_MAX_BYTES: '10485760', LISTENER_FETCH_PARTITION_MAX_BYTES: '1048576' });
    expect(config.fetch).toEqual({ maxBytes: 10_485_760, maxBytesPerPartition: 1_048_576 });
  });

  it.each([
    ['LISTENER_FETCH_MAX_BYTES', '1000'],
    ['LISTENER_FETCH_PARTITION_MAX_BYTES', '1MB'],
    ['LISTENER_RETRY_MULTIPLIER', 'fast'],
    ['LISTENER_RETRY_ATTEMPTS', '0'],
    ['LISTENER_SESSION_TIMEOUT_MS', '100'],
    ['HEALTH_PORT', '70000'],
  ])('should reject %s=%s naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}: `));
  });
});
