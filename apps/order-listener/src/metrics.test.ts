import { channels } from '@tacocloud/messaging';
import { parsePrometheus, sampleValue } from '@tacocloud/messaging/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createListenerMetrics, type ListenerMetrics } from './metrics.js';

const opened: ListenerMetrics[] = [];
afterEach(() => opened.splice(0).forEach((metrics) => metrics.close()));

describe('createListenerMetrics', () => {
  it('should count what the listener reports per topic and partition, and measure lag against the last fetch', async () => {
    const state = { assignedPartitions: { orders: [0, 1] as readonly number[] }, secondsSinceLastFetch: 1.5 as number | undefined };
    const metrics = createListenerMetrics(state);
    opened.push(metrics);
    const record = { topic: 'orders', partition: 1, groupId: 'kitchen' };
    channels.fetched.publish({ ...record, highWatermark: '10', firstOffset: '4' });
    channels.handled.publish({ ...record, offset: '4', durationMs: 3 });
    channels.handled.publish({ ...record, offset: '5', durationMs: 3 });
    channels.retried.publish({ ...record, offset: '6', attempt: 1, delayMs: 1_000, error: new Error('x') });
    channels.deadLettered.publish({ ...record, offset: '6', reason: 'retries-exhausted', attempts: 3 });
    channels.duplicate.publish({ ...record, offset: '7', messageId: 'm' });

    let samples = parsePrometheus(await metrics.registry.metrics());
    const at = { topic: 'orders', partition: '1' };
    expect(sampleValue(samples, 'listener_records_handled_total', at)).toBe(2);
    expect(sampleValue(samples, 'listener_records_retried_total', at)).toBe(1);
    expect(sampleValue(samples, 'listener_records_dead_lettered_total', { ...at, reason: 'retries-exhausted' })).toBe(1);
    expect(sampleValue(samples, 'listener_records_duplicate_total', at)).toBe(1);
    expect(sampleValue(samples, 'listener_handler_duration_seconds_count')).toBe(2);
    // Past the duplicate at 7: a record dead-lettered or skipped is done with too (found by a review:
    // lag stayed up for good after a duplicate).
    expect(sampleValue(samples, 'kafka_consumer_lag', at)).toBe(2);
    expect(sampleValue(samples, 'listener_assigned_partitions', { topic: 'orders' })).toBe(2);
    expect(sampleValue(samples, 'kafka_consumer_seconds_since_last_fetch')).toBe(1.5);

    // Counts carry on across scrapes; lag follows the records handled since.
    channels.handled.publish({ ...record, offset: '8', durationMs: 3 });
    samples = parsePrometheus(await metrics.registry.metrics());
    expect(sampleValue(samples, 'listener_records_handled_total', at)).toBe(3);
    expect(sampleValue(samples, 'kafka_consumer_lag', at)).toBe(1);
    channels.fetched.publish({ ...record, highWatermark: '25', firstOffset: '7' });
    samples = parsePrometheus(await metrics.registry.metrics());
    expect(sampleValue(samples, 'kafka_consumer_lag', at)).toBe(18);

    // Once the partition moved to another replica, its lag is that replica's to report.
    state.assignedPartitions = { orders: [0] };
    samples = parsePrometheus(await metrics.registry.metrics());
    expect(sampleValue(samples, 'kafka_consumer_lag', at)).toBeUndefined();
    expect(sampleValue(samples, 'listener_assigned_partitions', { topic: 'orders' })).toBe(1);
  });
});
