// `npm run kafka -- lag` against Kafka's own consumer-groups tool, on the same group.
import { spawnSync } from 'node:child_process';
import { createTopics, testKafka, uniqueName, waitFor } from '@tacocloud/messaging/testing';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { findJava } from './java.js';
import { ensureJars } from './jars.js';
import { consumerLag } from './lag.js';

/** Kafka's `kafka-consumer-groups.sh --describe`, run from the same jars as the broker. */
function kafkaConsumerGroups(bootstrap: string, groupId: string): string[][] {
  const jars = ensureJars(() => undefined);
  const result = spawnSync(
    findJava().java,
    [
      '-Xmx256m',
      '-cp',
      `${jars}/*`,
      'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
      '--bootstrap-server',
      bootstrap,
      '--describe',
      '--group',
      groupId,
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  expect(result.status, result.stderr).toBe(0);
  const lines = result.stdout.split('\n').map((line) => line.trim().split(/\s+/));
  const header = lines.findIndex((cells) => cells[0] === 'GROUP');
  return lines.slice(header + 1).filter((cells) => cells.length >= 6 && cells[0] === groupId);
}

describe('consumerLag', () => {
  const brokers = inject('kafkaBrokers');
  const kafka = testKafka(brokers);
  const stops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const stop of stops) await stop();
  });

  it(
    'should report committed offset, end offset, lag and owner per partition as Kafka consumer-groups tool does',
    { timeout: 120_000 },
    async () => {
      const topic = uniqueName('lag');
      const groupId = uniqueName('lag-group');
      await createTopics(kafka, [{ name: topic, partitions: 3, replicationFactor: 1, configs: {} }]);
      const producer = kafka.producer();
      await producer.connect();
      for (const partition of [0, 1, 2]) {
        await producer.send({ topic, messages: Array.from({ length: 10 }, (_, i) => ({ value: `m${i}`, partition })) });
      }
      await producer.disconnect();
      const admin = kafka.admin();
      await admin.connect();
      await admin.setOffsets({
        groupId,
        topic,
        partitions: [
          { partition: 0, offset: '4' },
          { partition: 1, offset: '10' },
        ],
      });
      await admin.disconnect();

      // A member that owns every partition and commits nothing, so the offsets stay as set.
      const member = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
      stops.push(() => member.disconnect());
      let joined = false;
      member.on(member.events.GROUP_JOIN, () => (joined = true));
      await member.connect();
      await member.subscribe({ topic, fromBeginning: true });
      // Pausing each partition at its first batch keeps the member in the group with nothing resolved.
      await member.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: async ({ pause }) => void pause() });
      await waitFor(() => joined, { message: 'the member to join its group' });

      const ours = await consumerLag(brokers.split(','), groupId);
      expect(ours.map((row) => [row.partition, row.committed ?? '-', row.end, row.lag ?? '-'])).toEqual([
        [0, '4', '10', '6'],
        [1, '10', '10', '0'],
        [2, '-', '10', '-'],
      ]);
      expect(new Set(ours.map((row) => row.owner?.memberId)).size).toBe(1);

      // GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID
      const theirs = kafkaConsumerGroups(brokers.split(',')[0]!, groupId).map((cells) => [
        Number(cells[2]),
        cells[3],
        cells[4],
        cells[5],
        cells[6],
      ]);
      expect(theirs.sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual(
        ours.map((row) => [row.partition, row.committed ?? '-', row.end, row.lag ?? '-', row.owner?.memberId]),
      );
    },
  );
});
