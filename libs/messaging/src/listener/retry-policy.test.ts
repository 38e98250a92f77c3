import { describe, expect, it } from 'vitest';
import { backoffDelay } from './retry-policy.js';

describe('backoffDelay', () => {
  it('should grow exponentially from the initial delay and stop at the maximum', () => {
    const policy = { attempts: 10, initialDelayMs: 100, multiplier: 3, maxDelayMs: 1_000 };
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelay(policy, attempt))).toEqual([100, 300, 900, 1_000, 1_000]);
  });
});
