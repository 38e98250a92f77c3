// Replaying a chosen letter (as the console does) on a real broker: only it goes back, and the
// replay group remembers it, so a later full replay sends the others and not it again.
import { DltHeaders } from '@tacocloud/contract';
import { createTopics, produceRaw, readRecords, testKafka, topicSize, uniqueName } from '../testing/index.js';
import { ordersTopic } from '../topics/index.js';
import { describe, expect, inject, it } from 'vitest';
import { REPLAYED_FROM, replayDeadLetters, replayedLetters } from './replay.js';

describe('replayDeadLetters', () => {
  const kafka = testKafka(inject('kafkaBrokers'));

  // Found by a hostile review: replaying the orders topic itself left every record and committed the replay group's offsets on it.
  it('should refuse a topic that is not a dead-letter topic, before reading or committing anything', async () => {
    const orders = uniqueName('orders');
    await createTopics(kafka, [ordersTopic({ name: orders, partitions: 1 })]);
    await expect(replayDeadLetters(kafka, orders)).rejects.toThrow(`${orders} is not a dead-letter topic`);
    const admin = kafka.admin();
    await admin.connect();
    try {
      expect((await admin.listGroups()).groups.map((group) => group.groupId)).not.toContain(`dlt-replay.${orders}`);
    } finally {
      await admin.disconnect();
    }
  });

  it('replayDeadLetters should send back only the chosen letters and leave the others replayable', async () => {
    const orders = uniqueName('orders');
    const dlt = `${orders}.DLT`;
    await createTopics(kafka, [ordersTopic({ name: orders, partitions: 1 }), ordersTopic({ name: dlt, partitions: 1 })]);
    const letter = (key: string) => ({
      key,
      value: `{"n":"${key}"}`,
      headers: { [DltHeaders.originalTopic]: orders, [DltHeaders.reason]: 'not-json', 'message-id': key },
    });
    await produceRaw(kafka, dlt, [letter('a'), letter('b'), letter('c')]);

    const chosen = await replayDeadLetters(kafka, dlt, { letters: [{ partition: 0, offset: '1' }] });
    expect(chosen).toMatchObject({ replayed: 1, notChosen: 1 });
    const [back] = await readRecords(kafka, orders, 1);
    expect(back).toMatchObject({ key: 'b', headers: { [REPLAYED_FROM]: `${dlt}:0:1`, 'message-id': 'b' } });
    expect(back!.headers[DltHeaders.reason]).toBeUndefined();
    const replayed = await replayedLetters(kafka, dlt);
    expect(['0', '1', '2'].map((offset) => replayed({ partition: 0, offset }))).toEqual([false, true, false]);

    expect(await replayDeadLetters(kafka, dlt)).toMatchObject({ replayed: 2, alreadyReplayed: 1 });
    expect(await topicSize(kafka, orders)).toBe(3);

    // Found by a hostile review: the console derives "not found" from this report, which counted
    // every replayed letter it read, chosen or not, and none below where reading starts.
    await produceRaw(kafka, dlt, [letter('d'), letter('e')]);
    expect(await replayDeadLetters(kafka, dlt, { letters: [{ partition: 0, offset: '4' }] })).toMatchObject({ replayed: 1, notChosen: 1 });
    const again = await replayDeadLetters(kafka, dlt, {
      letters: [
        { partition: 0, offset: '1' },
        { partition: 0, offset: '4' },
        { partition: 0, offset: '9' },
      ],
    });
    expect(again).toEqual({
      replayed: 0,
      unreadable: 0,
      alreadyReplayed: 2,
      olderThanSince: 0,
      noOriginalTopic: 0,
      cutDown: 0,
      notChosen: 1,
    });
  });

  // Found by a hostile review: each forged letter was left where it was, between replayed ones,
  // until the ranges no longer fitted the group's commit and every replay failed.
  it('replayDeadLetters should pass over letters no replay can send back, however many lie between the others', async () => {
    const orders = uniqueName('orders');
    const dlt = `${orders}.DLT`;
    await createTopics(kafka, [ordersTopic({ name: orders, partitions: 1 }), ordersTopic({ name: dlt, partitions: 1 })]);
    const letters = Array.from({ length: 1_200 }, (_, i) => ({
      key: `k${i}`,
      value: `{"n":${i}}`,
      headers: { [DltHeaders.originalTopic]: i % 2 === 0 ? orders : `${orders}-elsewhere`, [DltHeaders.reason]: 'not-json' },
    }));
    await produceRaw(kafka, dlt, letters);

    expect(await replayDeadLetters(kafka, dlt)).toMatchObject({ replayed: 600, noOriginalTopic: 600 });
    expect(await replayDeadLetters(kafka, dlt)).toMatchObject({ replayed: 0, alreadyReplayed: 0 });
    expect(await topicSize(kafka, orders)).toBe(600);
  });
});
