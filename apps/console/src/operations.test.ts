import type { PartitionLag } from '@tacocloud/messaging';
import { describe, expect, it } from 'vitest';
import { Operations } from './operations.js';

const owner = (memberId: string) => ({ memberId, clientId: 'tacocloud-order-listener', host: '/127.0.0.1' });
const row = (partition: number, committed: string | null, end: string, member: string | null): PartitionLag => ({
  topic: 'orders',
  partition,
  committed,
  end,
  start: '0',
  lag: committed === null ? null : String(BigInt(end) - BigInt(committed)),
  owner: member ? owner(member) : null,
});

const metrics = (handled: number) => `# TYPE listener_records_handled_total counter
listener_records_handled_total{topic="orders",partition="0"} ${handled}
listener_records_handled_total{topic="other",partition="0"} 1000
kafka_consumer_lag{topic="orders",partition="0"} 2
kafka_consumer_lag{topic="orders",partition="1"} 1
listener_assigned_partitions{topic="orders"} 3
listener_assigned_partitions{topic="other"} 1
`;

describe('Operations', () => {
  it('Operations should give lag per partition and member, and rates from how far offsets moved between looks', async () => {
    let now = 10_000;
    let rows = [row(0, '10', '12', 'a'), row(1, null, '3', 'b'), row(2, '5', '5', 'a')];
    const handled = [100, 130];
    const operations = new Operations({
      group: 'kitchen',
      topic: 'orders',
      lag: async () => rows,
      metricsUrls: ['http://replica/metrics', 'http://gone/metrics'],
      fetchText: async (url) => {
        if (url.includes('gone')) throw new Error('connect ECONNREFUSED');
        return metrics(handled.shift()!);
      },
      now: () => now,
    });
    const first = await operations.snapshot();
    expect(first.totalLag).toBe('5');
    expect(first.partitions.map((p) => p.waiting)).toEqual(['2', '3', '0']);
    expect(first.members).toMatchObject([
      { memberId: 'a', partitions: [0, 2], lag: '2', recordsPerSecond: null },
      { memberId: 'b', partitions: [1], lag: '3', recordsPerSecond: null },
    ]);
    expect(first.replicas).toEqual([
      { url: 'http://replica/metrics', up: true, assigned: 3, handled: 100, lag: 3, recordsPerSecond: null },
      { url: 'http://gone/metrics', up: false, error: 'connect ECONNREFUSED', assigned: 0, handled: 0, lag: 0, recordsPerSecond: null },
    ]);

    expect(await operations.snapshot()).toBe(first);
    now += 2_000;
    rows = [row(0, '12', '12', 'a'), row(1, '2', '3', 'b'), row(2, '9', '9', 'a')];
    const second = await operations.snapshot();
    expect(second.members).toMatchObject([
      { memberId: 'a', lag: '0', recordsPerSecond: 3 },
      { memberId: 'b', lag: '1', recordsPerSecond: 1 },
    ]);
    expect(second.replicas[0]).toMatchObject({ handled: 130, recordsPerSecond: 15 });
  });
});
