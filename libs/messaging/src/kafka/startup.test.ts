import { describe, expect, it } from 'vitest';
import type { Logger } from '../logger.js';
import { retryUntilReady } from './startup.js';

describe('retryUntilReady', () => {
  it('retryUntilReady should log a first failure at info and later ones at warn, then return the result', async () => {
    const lines: [string, string][] = [];
    const at = (level: string) => (_fields: unknown, message?: string) => void lines.push([level, message ?? '']);
    const logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } as unknown as Logger;
    let calls = 0;
    const result = await retryUntilReady(
      'Kafka start-up',
      async () => {
        if (++calls < 3) throw new Error('This server is not the leader for that topic-partition');
        return 'ready';
      },
      { logger, initialDelayMs: 1 },
    );
    expect(result).toBe('ready');
    expect(lines).toEqual([
      ['info', 'Kafka start-up failed; retrying'],
      ['warn', 'Kafka start-up failed; retrying'],
    ]);
  });
});
