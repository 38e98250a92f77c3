import { describe, expect, it } from 'vitest';
import { GroupMembership } from './group-membership.js';

describe('GroupMembership', () => {
  const SESSION_TIMEOUT_MS = 10_000;
  const membership = (clock: { now: number }) => new GroupMembership(SESSION_TIMEOUT_MS, () => clock.now);

  it('should be a member with its partitions from the join until a rebalance or a crash', () => {
    const clock = { now: 0 };
    const group = membership(clock);
    expect([group.isMember, group.partitions]).toEqual([false, {}]);
    group.joinedWith({ orders: [0, 2, 4] });
    expect([group.isMember, group.partitions]).toEqual([true, { orders: [0, 2, 4] }]);
    group.left();
    expect([group.isMember, group.partitions]).toEqual([false, {}]);
  });

  it('should stop being a member a session timeout after Kafka last answered, and be one again when it answers', () => {
    const clock = { now: 0 };
    const group = membership(clock);
    group.joinedWith({ orders: [1] });
    clock.now = 9_000;
    group.contact();
    clock.now = 9_000 + SESSION_TIMEOUT_MS;
    expect(group.isMember).toBe(true);
    clock.now += 1;
    expect([group.isMember, group.partitions]).toEqual([false, {}]);
    group.contact();
    expect([group.isMember, group.partitions]).toEqual([true, { orders: [1] }]);
  });

  it('should not count an answer as a join', () => {
    const clock = { now: 0 };
    const group = membership(clock);
    group.contact();
    expect(group.isMember).toBe(false);
  });
});
