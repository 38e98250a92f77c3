import { describe, expect, it } from 'vitest';
import { DEFAULT_CONSOLE_PORT, loadConfig } from './config.js';

describe('console config', () => {
  it('console config should default to its own port and group, with operations disabled', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      http: { port: DEFAULT_CONSOLE_PORT },
      group: 'order-console',
      listenerMetricsUrls: [],
      operatorToken: undefined,
    });
    expect([8080, 8081, 8082, 8083]).not.toContain(DEFAULT_CONSOLE_PORT);
  });

  it('console config should read the token as a secret and the listeners metrics URLs as a list', () => {
    const config = loadConfig({
      CONSOLE_OPERATOR_TOKEN: 'sixteen-chars-at-least',
      LISTENER_METRICS_URLS: 'http://localhost:8081/metrics, http://localhost:8082/metrics',
    });
    expect(config.operatorToken?.reveal()).toBe('sixteen-chars-at-least');
    expect(JSON.stringify(config)).not.toContain('sixteen-chars-at-least');
    expect(config.listenerMetricsUrls).toEqual(['http://localhost:8081/metrics', 'http://localhost:8082/metrics']);
  });

  it('console config should trust no proxy unless told which, by address or range', () => {
    expect(loadConfig({}).trustProxy).toBeUndefined();
    expect(loadConfig({ CONSOLE_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1' }).trustProxy).toBe('10.0.0.0/8, 127.0.0.1,::1');
  });

  it.each([
    ['CONSOLE_OPERATOR_TOKEN', 'short'],
    ['LISTENER_METRICS_URLS', 'localhost:8081/metrics'],
    ['CONSOLE_PORT', '70000'],
    ['CONSOLE_TRUST_PROXY', 'true'],
    ['CONSOLE_TRUST_PROXY', '10.0.0.0/33'],
  ])('console config should reject %s=%s naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}: `));
  });
});
