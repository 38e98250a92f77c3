// readWindows on a real broker: the window's end is the end captured before reading.
import { ordersTopic } from '../topics/index.js';
import { createTopics, produceRaw, testKafka, uniqueName } from '../testing/index.js';
import { describe, expect, inject, it } from 'vitest';
import { committedOffsets, withAdmin } from './admin.js';
import { readWindows } from './read-windows.js';

describe('readWindows', () => {
  const kafka = testKafka(inject('kafkaBrokers'));

  it('readWindows should neither hand over nor commit a record that arrives during the read', async () => {
    const topic = uniqueName('dlt');
    await createTopics(kafka, [ordersTopic({ name: topic, partitions: 1 })]);
    await produceRaw(kafka, topic, [{ key: 'before', value: 'x' }]);
    const groupId = uniqueName('replay');
    const handed: string[] = [];
    const asked: bigint[] = [];

    await readWindows(kafka, topic, groupId, new Map([[0, { from: 0n, to: 1n }]]), {
      async batch(_partition, messages) {
        handed.push(...messages.map((m) => m.key!.toString()));
        // Certainly during the read: the read cannot end before this batch returns.
        await produceRaw(kafka, topic, [{ key: 'during', value: 'x' }]);
      },
      commitAt(_partition, readTo) {
        asked.push(readTo);
        return { offset: String(readTo), metadata: '' };
      },
    });

    expect(handed).toEqual(['before']);
    expect(asked.every((readTo) => readTo <= 1n)).toBe(true);
    const committed = await withAdmin(kafka, (admin) => committedOffsets(admin, groupId, topic));
    expect(committed.get(0)?.offset).toBe('1');
  });
});
