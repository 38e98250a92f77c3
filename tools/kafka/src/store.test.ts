import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contextOf, planLayout } from './store.js';

describe('planLayout', () => {
  const home = mkdtempSync(join(tmpdir(), 'kafka-tool-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  const ctx = (name: string) => contextOf({ name, env: { KAFKA_TOOL_HOME: home } });

  it('should default to plaintext and refuse ACL names without --security sasl_ssl', () => {
    expect(planLayout(ctx('plain'), {}).security).toBeUndefined();
    expect(() => planLayout(ctx('plain'), { ordersTopic: 'x' })).toThrow(/only a secured cluster has/);
  });

  it('should keep a secured cluster secured and its names, and refuse to change its security without --fresh', () => {
    const layout = planLayout(ctx('secured'), { security: 'sasl_ssl', basePort: 31890, controllerBasePort: 31891, ordersTopic: 'o' });
    expect(layout.security).toEqual({ protocol: 'SASL_SSL', ordersTopic: 'o', listenerGroup: 'order-listener' });
    expect(planLayout(ctx('secured'), {})).toMatchObject({ controllerBasePort: 31891, security: { ordersTopic: 'o' } });
    expect(planLayout(ctx('secured'), { listenerGroup: 'g' }).security).toEqual({
      protocol: 'SASL_SSL',
      ordersTopic: 'o',
      listenerGroup: 'g',
    });
    expect(() => planLayout(ctx('secured'), { security: 'plaintext' })).toThrow(
      /was set up as 1 sasl_ssl broker\(s\) on port 31890; asked for 1 plaintext/,
    );
    expect(() => planLayout(ctx('plain'), { security: 'sasl_ssl' })).toThrow(
      /was set up as 1 plaintext broker\(s\) on port 9092; asked for 1 sasl_ssl/,
    );
    expect(() => planLayout(ctx('other'), { security: 'tls' as never })).toThrow(/--security must be plaintext or sasl_ssl/);
  });
});
