import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadConfig } from './config.js';

describe('order-api config', () => {
  it('should default to port 8080, 1,024 connections, a 64 KiB body limit, a 15 s send timeout and Java-like batching', () => {
    expect(loadConfig({})).toMatchObject({
      http: { host: '0.0.0.0', port: 8080, maxConnections: 1024, bodyLimit: 65536 },
      sendTimeoutMs: 15000,
      metricsEnabled: true,
      batching: { lingerMs: 5, quietMs: 1, maxBatchRecords: 1000, maxBufferedRecords: 20000 },
      orders: { topic: 'tacocloud.orders.topic', eventVersion: 2 },
    });
  });

  it('should serve /health and /metrics on PORT unless HEALTH_PORT names a port of their own', () => {
    expect(loadConfig({}).health).toBeUndefined();
    expect(loadConfig({ HOST: '127.0.0.1', HEALTH_PORT: '8081' }).health).toEqual({ host: '127.0.0.1', port: 8081 });
    expect(loadConfig({ PORT: '0', HEALTH_PORT: '0' }).health).toEqual({ host: '0.0.0.0', port: 0 });
    expect(() => loadConfig({ HEALTH_PORT: '8080' })).toThrow(/HEALTH_PORT: must differ from PORT \(8080\)/);
  });

  it('should switch the event version and batching by environment', () => {
    const config = loadConfig({
      ORDER_EVENT_VERSION: '1',
      PRODUCER_LINGER_MS: '0',
      PRODUCER_LINGER_QUIET_MS: '3',
      PRODUCER_BUFFER_RECORDS: '500',
    });
    expect(config.orders.eventVersion).toBe(1);
    expect(config.batching).toMatchObject({ lingerMs: 0, quietMs: 3, maxBufferedRecords: 500 });
  });

  it('should keep IDEMPOTENCY_SECRET out of every output, and refuse a short one without echoing it', () => {
    const secret = 'x'.repeat(40);
    const config = loadConfig({ IDEMPOTENCY_SECRET: secret });
    expect(config.idempotencySecret?.reveal()).toBe(secret);
    expect(JSON.stringify(config)).not.toContain(secret);
    expect(loadConfig({}).idempotencySecret).toBeUndefined();
    let message = '';
    try {
      loadConfig({ IDEMPOTENCY_SECRET: 'short-and-secret' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/IDEMPOTENCY_SECRET: must be at least 32 characters/);
    expect(message).not.toContain('short-and-secret');
  });

  // Replicas of prod each drawing their own would give a retried order a second id on another one.
  it('should require an idempotency secret under the prod profile, and take either variable for it', () => {
    const prod = { APP_PROFILE: 'prod', KAFKA_BROKERS: 'kafka-1:9092' };
    expect(() => loadConfig(prod)).toThrow(/IDEMPOTENCY_SECRET: is required with APP_PROFILE=prod, or IDEMPOTENCY_SECRET_FILE/);
    expect(loadConfig({ ...prod, IDEMPOTENCY_SECRET: 'q'.repeat(32) }).idempotencySecret?.reveal()).toBe('q'.repeat(32));
    expect(loadConfig({}).idempotencySecret).toBeUndefined();
  });

  it('should read IDEMPOTENCY_SECRET_FILE as a mounted secret, and refuse it beside IDEMPOTENCY_SECRET', () => {
    const dir = mkdtempSync(join(tmpdir(), 'order-api-config-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'secret');
    writeFileSync(file, `${'y'.repeat(32)}\n`);
    expect(loadConfig({ IDEMPOTENCY_SECRET_FILE: file }).idempotencySecret?.reveal()).toBe('y'.repeat(32));
    expect(() => loadConfig({ IDEMPOTENCY_SECRET_FILE: file, IDEMPOTENCY_SECRET: 'z'.repeat(32) })).toThrow(
      /IDEMPOTENCY_SECRET_FILE: set IDEMPOTENCY_SECRET or this, not both/,
    );
    writeFileSync(file, 'short\n');
    expect(() => loadConfig({ IDEMPOTENCY_SECRET_FILE: file })).toThrow(/IDEMPOTENCY_SECRET_FILE: must be at least 32 characters/);
    expect(() => loadConfig({ IDEMPOTENCY_SECRET_FILE: `${file}-missing` })).toThrow(
      /IDEMPOTENCY_SECRET_FILE: cannot read the file \(ENOENT\)/,
    );
  });

  it.each([
    ['BODY_LIMIT_BYTES', '10'],
    ['HTTP_MAX_CONNECTIONS', '0'],
    ['ORDER_SEND_TIMEOUT_MS', '1e4'],
    ['PRODUCER_BATCH_RECORDS', '0'],
    ['PORT', '-1'],
    ['HEALTH_PORT', '65536'],
    ['METRICS_ENABLED', 'yes'],
  ])('should reject %s=%s naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}: `));
  });
});
