import { describe, expect, it } from 'vitest';
import { ReplayedOffsets } from './replayed-offsets.js';

describe('ReplayedOffsets', () => {
  it('toCommit should stop at the first letter not replayed and record the ranges above it', () => {
    const replayed = ReplayedOffsets.fromCommit('3', null);
    replayed.add(5n, 8n);
    expect(replayed.toCommit()).toEqual({ offset: '3', metadata: 'dlt-replayed/1 5-8' });
    expect([3n, 4n, 5n, 7n, 8n].map((offset) => replayed.has(offset))).toEqual([false, false, true, true, false]);
  });

  it('fromCommit should read back what toCommit wrote, and fill a gap once it is replayed', () => {
    const { offset, metadata } = (() => {
      const replayed = ReplayedOffsets.fromCommit('-1', null);
      replayed.add(1n, 2n);
      replayed.add(4n, 6n);
      return replayed.toCommit();
    })();
    const again = ReplayedOffsets.fromCommit(offset, metadata);
    expect(again.toCommit()).toEqual({ offset: '0', metadata: 'dlt-replayed/1 1-2,4-6' });
    again.add(0n, 1n);
    again.add(2n, 4n);
    expect(again.toCommit()).toEqual({ offset: '6', metadata: 'dlt-replayed/1 ' });
    expect(again.watermark).toBe(6n);
  });

  it('fromCommit should take metadata it did not write as no ranges', () => {
    expect(ReplayedOffsets.fromCommit('2', 'written by someone else 7-9').toCommit()).toEqual({ offset: '2', metadata: 'dlt-replayed/1 ' });
  });
});
