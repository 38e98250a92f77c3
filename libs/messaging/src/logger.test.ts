import { afterEach, describe, expect, it, vi } from 'vitest';
import { isoTimeField } from './logger.js';

afterEach(() => vi.useRealTimers());

describe('isoTimeField', () => {
  it("should write the time field as pino's isoTime does, new each millisecond", () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-04T07:50:00.123Z') });
    const time = isoTimeField();
    expect(time()).toBe(',"time":"2026-12-04T07:50:00.123Z"');
    vi.advanceTimersByTime(1);
    expect(time()).toBe(',"time":"2026-12-04T07:50:00.124Z"');
  });
});
