// order-listener as operators run it: separate processes sharing one consumer group.
import { fileURLToPath } from 'node:url';
import { deadLetterTopicOf, KafkaOrderMessagingService, ordersTopic, TacoOrder, TypedProducer } from '@tacocloud/messaging';
import {
  createTopics,
  parsePrometheus,
  runTypeScript,
  SAMPLE_ORDER,
  testKafka,
  uniqueName,
  waitFor,
  type RunningProcess,
} from '@tacocloud/messaging/testing';
import { afterAll, describe, expect, inject, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('order-listener process', () => {
  const brokers = inject('kafkaBrokers');
  const kafka = testKafka(brokers);
  const processes: RunningProcess[] = [];
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop('SIGKILL')));
  });

  const start = (env: NodeJS.ProcessEnv) => {
    const running = runTypeScript('apps/order-listener/src/main.ts', { HEALTH_PORT: '0', LOG_LEVEL: 'info', ...env }, root);
    processes.push(running);
    return running;
  };

  it('should exit 1 naming the variable when the configuration is bad', async () => {
    const listener = start({ KAFKA_BROKERS: 'no-port-here' });
    expect(await listener.exited).toBe(1);
    expect(listener.lines.join('\n')).toMatch(/KAFKA_BROKERS: must be a comma-separated list of host:port/);
  });

  it('replicas should log each order with partition and timestamp, and hand over partitions at once on SIGTERM', async () => {
    const topic = ordersTopic({ name: uniqueName('orders'), partitions: 6 });
    await createTopics(kafka, [topic, deadLetterTopicOf(topic)]);
    // A session timeout longer than the wait below: partitions can reach the survivor in time
    // only because the stopped replica left the group, never because its session expired.
    const env = {
      KAFKA_BROKERS: brokers,
      ORDERS_TOPIC: topic.name,
      ORDER_LISTENER_GROUP: uniqueName('kitchen'),
      LISTENER_SESSION_TIMEOUT_MS: '25000',
    };
    const one = start(env);
    const two = start(env);
    await one.waitForLine(/"assignment":\{[^}]*\[\d(,\d){2}\]/);
    await two.waitForLine(/"assignment":\{[^}]*\[\d(,\d){2}\]/);

    const producer = new TypedProducer({ kafka, defaultTopic: topic });
    await producer.start();
    const service = new KafkaOrderMessagingService(producer, topic);
    const receipts = await Promise.all(Array.from({ length: 30 }, () => service.sendOrder(TacoOrder.parse(SAMPLE_ORDER))));
    const logged = () => [...one.lines, ...two.lines].filter((line) => line.includes('Received order'));
    await waitFor(() => logged().length >= 30, { message: '30 orders logged' });
    const receipt = receipts[0]!;
    const line = logged().find((l) => l.includes(receipt.orderId));
    expect(JSON.parse(line!)).toMatchObject({
      msg: `Received order ${receipt.orderId} from partition ${receipt.partition} with timestamp ${receipt.timestamp}`,
      orderId: receipt.orderId,
      partition: receipt.partition,
      timestamp: receipt.timestamp,
    });
    expect(new Set(logged().map((l) => JSON.parse(l).orderId)).size).toBe(30);

    // Each replica's /metrics, read with Prometheus's own parser: together they handled the 30
    // orders, own the 6 partitions, and have nothing left to handle.
    const scrape = async (replica: RunningProcess) => {
      const health = JSON.parse(await replica.waitForLine(/order-listener started/)).health as string;
      return parsePrometheus(await (await fetch(`${health}/metrics`)).text());
    };
    const pages = [await scrape(one), await scrape(two)];
    const total = (name: string) =>
      pages
        .flat()
        .filter((sample) => sample.name === name && sample.labels['topic'] === topic.name)
        .reduce((sum, sample) => sum + sample.value, 0);
    expect(total('listener_records_handled_total')).toBe(30);
    expect(total('listener_assigned_partitions')).toBe(6);
    expect(total('kafka_consumer_lag')).toBe(0);
    const owned = [];
    for (const replica of [one, two]) {
      const health = JSON.parse(await replica.waitForLine(/order-listener started/)).health as string;
      const ready = (await (await fetch(`${health}/health/ready`)).json()) as { partitions: Record<string, number[]> };
      owned.push(...(ready.partitions[topic.name] ?? []));
    }
    expect(owned.sort()).toEqual([0, 1, 2, 3, 4, 5]);

    expect(await one.stop('SIGTERM')).toBe(0);
    await two.waitForLine(/"assignment":\{[^}]*\[0,1,2,3,4,5\]/, 20_000);
    await producer.stop();
  });
});
