// TopicTail on a real broker: the last records at start, then each new one, decoded with the
// topic's readers; a poison record by its reason only; nothing committed in its group.
import { TacoOrder } from '@tacocloud/contract';
import { describe, expect, inject, it } from 'vitest';
import { silentLogger } from '../logger.js';
import { toOrderPlaced } from '../orders/index.js';
import { createTopics, produceRaw, SAMPLE_ORDER, testKafka, uniqueName, waitFor } from '../testing/index.js';
import { ordersTopic } from '../topics/index.js';
import { TopicTail, type TailRecord } from './topic-tail.js';
import type { OrderPlaced } from '@tacocloud/contract';

describe('TopicTail', () => {
  const kafka = testKafka(inject('kafkaBrokers'));

  it('TopicTail should start with the last records, then hand over each new one decoded, poison by reason only', async () => {
    const topic = ordersTopic({ name: uniqueName('orders'), partitions: 1 });
    await createTopics(kafka, [topic]);
    const order = (name: string) => {
      const event = toOrderPlaced(TacoOrder.parse({ ...SAMPLE_ORDER, deliveryName: name }), {
        orderId: crypto.randomUUID(),
        placedAt: new Date(),
      });
      return { key: event.orderId, value: JSON.stringify(event), headers: { 'message-type': 'OrderPlaced', 'message-version': '1' } };
    };
    await produceRaw(kafka, topic.name, [order('one'), order('two'), order('three')]);

    const groupId = uniqueName('tail');
    const tail = new TopicTail({ kafka, topic, groupId, recent: 2, maxValueBytes: 8_192, logger: silentLogger });
    const seen: TailRecord<OrderPlaced>[] = [];
    tail.watch((record) => seen.push(record));
    await tail.start();
    try {
      await waitFor(() => tail.recent().length === 2, { message: 'the last two records' });
      expect(tail.recent().map((record) => record.value?.delivery.name)).toEqual(['two', 'three']);

      // Larger than maxValueBytes, and valid but for a name longer than order-api takes.
      const large = order('large');
      large.value = large.value.replace('"large"', JSON.stringify('x'.repeat(9_000)));
      await produceRaw(kafka, topic.name, [
        order('four'),
        { key: 'bad', value: 'x 4111111111111111', headers: { 'message-type': 'OrderPlaced', 'message-version': '1' } },
        large,
      ]);
      await waitFor(() => seen.length === 5, { message: 'the three new records' });
      expect(seen.slice(2).map((record) => [record.offset, record.value?.delivery.name ?? null, record.poison])).toEqual([
        ['3', 'four', undefined],
        ['4', null, 'not-json'],
        ['5', null, 'too-large'],
      ]);
      expect(JSON.stringify(tail.recent())).not.toContain('4111111111111111');
      expect(tail.recent()).toHaveLength(2);

      // Dated ahead by whoever wrote it, a record is still among the newest only until newer ones come.
      await produceRaw(kafka, topic.name, [{ ...order('ahead'), timestamp: String(Date.now() + 50 * 60_000) }]);
      await waitFor(() => seen.length === 6, { message: 'the record dated ahead' });
      for (const [name, count] of [
        ['five', 7],
        ['six', 8],
      ] as const) {
        await produceRaw(kafka, topic.name, [order(name)]);
        await waitFor(() => seen.length === count, { message: name });
      }
      expect(tail.recent().map((record) => record.value?.delivery.name)).toEqual(['five', 'six']);
    } finally {
      await tail.stop();
    }
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic.name] });
      expect(committed!.partitions.map((p) => p.offset)).toEqual(['-1']);
    } finally {
      await admin.disconnect();
    }
  });
});
