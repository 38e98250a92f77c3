import { describe, expect, it } from 'vitest';
import { positionsAfter, stillFollowingOn, type FetchedBatch } from './fetch-ahead.js';

function batch(partition: number, fetchedOffset: string, offsets: string[], more: Partial<FetchedBatch> = {}): FetchedBatch {
  return {
    topic: 'orders',
    partition,
    fetchedOffset,
    messages: offsets.map((offset) => ({ offset })),
    isEmptyDueToFiltering: () => false,
    lastOffset: () => offsets.at(-1) ?? String(BigInt(fetchedOffset) - 1n),
    ...more,
  };
}

/** A consumer group whose partitions are at `next` (topic|partition: offset), some of them paused. */
function group(next: Record<string, string>, paused: number[] = []) {
  return {
    generationId: 1,
    seekOffset: { size: 0 },
    offsetManager: { nextOffset: (topic: string, partition: number) => next[`${topic}|${partition}`] ?? '0' },
    isPaused: (_topic: string, partition: number) => paused.includes(partition),
  };
}

describe('positionsAfter', () => {
  it('should go on past the last message of each partition that had messages', () => {
    const positions = positionsAfter([batch(0, '10', ['10', '11', '12']), batch(1, '5', [])]);
    expect([...positions]).toEqual([['orders|0', '13']]);
  });

  it('should go on past a batch of control records or aborted ones, as kafkajs resolves it', () => {
    const filtered = batch(2, '7', [], { isEmptyDueToFiltering: () => true, lastOffset: () => '9' });
    expect(positionsAfter([filtered]).get('orders|2')).toBe('10');
  });

  it('should count past 2^53 exactly', () => {
    expect(positionsAfter([batch(0, '9007199254740993', ['9007199254740993'])]).get('orders|0')).toBe('9007199254740994');
  });
});

describe('stillFollowingOn', () => {
  it('should keep a batch fetched from where its partition is now', () => {
    const ahead = [batch(0, '13', ['13', '14'])];
    expect(stillFollowingOn(group({ 'orders|0': '13' }), ahead)).toEqual(ahead);
  });

  it('should drop a batch of a partition whose last batch was handled in part, to be fetched again from there', () => {
    const ahead = [batch(0, '13', ['13']), batch(1, '20', ['20'])];
    const kept = stillFollowingOn(group({ 'orders|0': '11', 'orders|1': '20' }), ahead);
    expect(kept.map((b) => b.partition)).toEqual([1]);
  });

  it('should drop a batch of a partition paused meanwhile (a retry backing off)', () => {
    const ahead = [batch(0, '13', ['13'])];
    expect(stillFollowingOn(group({ 'orders|0': '13' }, [0]), ahead)).toEqual([]);
  });
});
