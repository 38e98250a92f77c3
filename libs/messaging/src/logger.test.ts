import { afterEach, describe, expect, it, vi } from 'vitest';
import { bufferedLines, isoTimeField, type LineSink } from './logger.js';

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

describe('bufferedLines', () => {
  const recordingSink = () => {
    const events: string[] = [];
    const sink: LineSink = { write: (chunk) => events.push(`write ${chunk}`) };
    return { sink, events };
  };

  it('should hold lines until they reach the size, then write them as one chunk, in order', () => {
    const { sink, events } = recordingSink();
    const lines = bufferedLines(sink, 10);
    lines.write('{"a":1}\n');
    expect(events).toEqual([]);
    lines.write('{"b":2}\n');
    lines.write('{"c":3}\n');
    expect(events).toEqual(['write {"a":1}\n{"b":2}\n']);
  });

  it('should write what it holds on flushSync, and nothing when it holds nothing', () => {
    const { sink, events } = recordingSink();
    const lines = bufferedLines(sink, 1_000);
    lines.write('{"a":1}\n');
    lines.flushSync();
    lines.flushSync();
    expect(events).toEqual(['write {"a":1}\n']);
  });

  it("should write what it holds, then call back, on flush (pino's logger.flush)", () => {
    const { sink, events } = recordingSink();
    const lines = bufferedLines(sink, 1_000);
    lines.write('{"a":1}\n');
    lines.flush(() => events.push('called back'));
    expect(events).toEqual(['write {"a":1}\n', 'called back']);
  });

  it('should hand a failed write to the flush callback instead of throwing', () => {
    const lines = bufferedLines(
      {
        write: () => {
          throw new Error('EPIPE');
        },
      },
      1_000,
    );
    lines.write('{"a":1}\n');
    const errors: (Error | undefined)[] = [];
    lines.flush((error) => errors.push(error));
    expect(errors.map((error) => error?.message)).toEqual(['EPIPE']);
  });
});
