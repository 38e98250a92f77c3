// npm run dlt as an operator runs it, on dead letters the listener really wrote.
import { fileURLToPath } from 'node:url';
import { deadLetterTopicOf, ordersTopic, TypedListener, type OrderPlaced } from '@tacocloud/messaging';
import { createTopics, produceRaw, readRecords, runTypeScript, testKafka, topicSize, uniqueName, waitFor } from '@tacocloud/messaging/testing';
import { afterAll, describe, expect, inject, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('npm run dlt', () => {
  const brokers = inject('kafkaBrokers');
  const kafka = testKafka(brokers);
  const stops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const stop of stops) await stop();
  });

  it('list should show each dead letter with its reason, and replay should send each back once', { timeout: 120_000 }, async () => {
    const topic = ordersTopic({ name: uniqueName('orders'), partitions: 2 });
    await createTopics(kafka, [topic, deadLetterTopicOf(topic)]);
    const listener = new TypedListener<OrderPlaced>({ kafka, topic, groupId: uniqueName('kitchen'), handler: async () => undefined });
    await listener.start();
    stops.push(() => listener.stop());
    const headers = { 'message-type': 'OrderPlaced', 'message-version': '1', 'correlation-id': 'c-1' };
    await produceRaw(kafka, topic.name, [
      { key: 'bad-json', value: '{oops', headers, partition: 0 },
      { key: 'bad-version', value: '{}', headers: { ...headers, 'message-version': '7' }, partition: 1 },
    ]);
    await waitFor(async () => (await topicSize(kafka, `${topic.name}.DLT`)) === 2, { message: 'two dead letters' });

    const env = { ORDERS_TOPIC: topic.name };
    const list = await runAndWait(env, 'list', '--json');
    const letters = JSON.parse(list.lines.at(-1)!) as { key: string; reason: string; original: { topic: string; partition: string } }[];
    expect(letters.map((l) => [l.key, l.reason, l.original.topic, l.original.partition])).toEqual([
      ['bad-json', 'not-json', topic.name, '0'],
      ['bad-version', 'unknown-message-type', topic.name, '1'],
    ]);
    const table = await runAndWait(env, 'list');
    expect(table.lines.join('\n')).toMatch(/2 dead letter\(s\)[\s\S]*reason=not-json[\s\S]*reason=unknown-message-type/);
    expect(JSON.parse((await runAndWait(env, 'list', '--json', '--since', '2999-01-01T00:00:00Z')).lines.at(-1)!)).toEqual([]);

    await listener.stop();
    stops.pop();
    expect((await runAndWait(env, 'replay')).lines.join('\n')).toMatch(/Replayed 2 dead letter\(s\)/);
    const onTopic = await readRecords(kafka, topic.name, 4);
    const replayed = onTopic.filter((r) => r.headers['dlt-replayed-from']);
    expect(replayed.map((r) => r.key).sort()).toEqual(['bad-json', 'bad-version']);
    const again = replayed.find((r) => r.key === 'bad-json');
    expect(again?.value?.toString()).toBe('{oops');
    expect(again?.headers['correlation-id']).toBe('c-1');
    expect(Object.keys(again?.headers ?? {}).filter((h) => h.startsWith('kafka_dlt-'))).toEqual([]);
    expect((await runAndWait(env, 'replay')).lines.join('\n')).toMatch(/Replayed 0 dead letter\(s\)/);
  });

  async function runAndWait(env: NodeJS.ProcessEnv, ...args: string[]) {
    const run = runTypeScript('tools/dlt/src/cli.ts', { KAFKA_BROKERS: brokers, ...env }, root, args);
    expect(await run.exited, run.lines.join('\n')).toBe(0);
    return run;
  }
});
