// At-least-once under crashes: three replicas in separate processes share 5,000 orders
// while one is SIGKILLed and another SIGTERMed. Every order must be handled; duplicates are
// counted (expected only for the SIGKILLed replica's uncommitted work).
import { fileURLToPath } from 'node:url';
import { deadLetterTopicOf, Headers, ordersTopic, partitionFor, TacoOrder, toOrderPlaced } from '@tacocloud/messaging';
import {
  createTopics,
  produceRaw,
  runTypeScript,
  SAMPLE_ORDER,
  testKafka,
  uniqueName,
  waitFor,
  type RunningProcess,
} from '@tacocloud/messaging/testing';
import { afterAll, describe, expect, inject, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const ORDERS = 5_000;
const CHUNK = 250;

describe('order-listener replicas under crashes', () => {
  const brokers = inject('kafkaBrokers');
  const kafka = testKafka(brokers);
  const replicas: RunningProcess[] = [];
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop('SIGKILL')));
  });

  const handledBy = (replica: RunningProcess) =>
    replica.lines.flatMap((line) => /"msg":"Received order ([0-9a-f-]{36})/.exec(line)?.[1] ?? []);

  it(
    'should handle every one of 5,000 orders at least once while a replica is SIGKILLed and another SIGTERMed',
    { timeout: 180_000 },
    async () => {
      const topic = ordersTopic({ name: uniqueName('orders'), partitions: 6 });
      await createTopics(kafka, [topic, deadLetterTopicOf(topic)]);
      const env = { KAFKA_BROKERS: brokers, ORDERS_TOPIC: topic.name, ORDER_LISTENER_GROUP: uniqueName('kitchen'), HEALTH_PORT: '0' };
      for (let i = 0; i < 3; i++) replicas.push(runTypeScript('apps/order-listener/src/main.ts', env, root));
      const [killed, terminated, survivor] = replicas as [RunningProcess, RunningProcess, RunningProcess];
      await waitFor(() => replicas.every((r) => r.lines.some((l) => /"assignment":\{[^}]*\[\d,\d\]\}/.test(l))), {
        timeoutMs: 60_000,
        message: 'three replicas with two partitions each',
      });

      const order = TacoOrder.parse(SAMPLE_ORDER);
      const ids: string[] = [];
      const total = () => replicas.reduce((sum, r) => sum + handledBy(r).length, 0);
      let killedAt = -1;
      let terminatedAt = -1;
      for (let sent = 0; sent < ORDERS; sent += CHUNK) {
        const events = Array.from({ length: CHUNK }, () => toOrderPlaced(order, { orderId: crypto.randomUUID(), placedAt: new Date() }));
        ids.push(...events.map((e) => e.orderId));
        await produceRaw(
          kafka,
          topic.name,
          events.map((e) => ({
            key: e.orderId,
            value: JSON.stringify(e),
            headers: { [Headers.messageType]: 'OrderPlaced', [Headers.messageVersion]: '1', [Headers.messageId]: e.eventId },
          })),
        );
        // Faults strike mid-stream, while records are in flight on every replica.
        if (killedAt < 0 && sent >= 1_000) {
          await waitFor(() => total() >= 1_000, { message: '1,000 orders handled' });
          killed.child.kill('SIGKILL');
          killedAt = total();
        }
        if (terminatedAt < 0 && sent >= 2_500) {
          await waitFor(() => total() >= 2_500, { message: '2,500 orders handled' });
          terminated.child.kill('SIGTERM');
          terminatedAt = total();
        }
      }
      expect(await terminated.exited).toBe(0);

      const expected = new Set(ids);
      await waitFor(
        () => {
          const handled = new Set(replicas.flatMap(handledBy));
          return [...expected].every((id) => handled.has(id));
        },
        { timeoutMs: 90_000, message: 'every order handled' },
      ).catch(() => undefined); // the checker below reports what is missing, and where

      const deliveries = replicas.flatMap(handledBy);
      const unique = new Set(deliveries);
      const lost = [...expected].filter((id) => !unique.has(id)).length;
      const duplicates = deliveries.length - unique.size;
      const missingByPartition = new Map<number, string[]>();
      for (const id of [...expected].filter((id) => !unique.has(id))) {
        const partition = partitionFor(topic.name, id, topic.partitions);
        missingByPartition.set(partition, [...(missingByPartition.get(partition) ?? []), id]);
      }
      console.log(
        [
          'crash test: 3 replicas, one SIGKILLed after ~1,000 handled, one SIGTERMed after ~2,500',
          `| orders | handled (deliveries) | unique | duplicates | lost | by replica (killed / terminated / survivor) |`,
          `| ${ORDERS} | ${deliveries.length} | ${unique.size} | ${duplicates} | ${lost} | ${handledBy(killed).length} / ${handledBy(terminated).length} / ${handledBy(survivor).length} |`,
          ...[...missingByPartition].map(([partition, ids]) => `missing on partition ${partition}: ${ids.length}, e.g. ${ids[0]}`),
        ].join('\n'),
      );
      expect(lost).toBe(0);
      expect(unique.size).toBe(ORDERS);
      // Redelivery after SIGKILL can only repeat what the killed replica had not yet committed.
      expect(duplicates).toBeLessThanOrEqual(handledBy(killed).length);
      expect(survivor.child.exitCode).toBeNull();
    },
  );
});
