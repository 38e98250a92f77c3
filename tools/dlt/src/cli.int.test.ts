// npm run dlt as an operator runs it, on dead letters the listener really wrote.
import { fileURLToPath } from 'node:url';
import { CARD_NUMBER_MASK, deadLetterTopicOf, DltHeaders, ordersTopic, TypedListener, type OrderPlaced } from '@tacocloud/messaging';
import {
  createTopics,
  produceRaw,
  readRecords,
  runTypeScript,
  testKafka,
  topicSize,
  uniqueName,
  waitFor,
  type RawRecord,
} from '@tacocloud/messaging/testing';
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
    expect((await runAndWait(env, 'replay')).lines.join('\n')).toMatch(
      /Replayed 2 dead letter\(s\)[\s\S]*Of these, 2 were dead-lettered because the listener could not read them/,
    );
    const onTopic = await readRecords(kafka, topic.name, 4);
    const replayed = onTopic.filter((r) => r.headers['dlt-replayed-from']);
    expect(replayed.map((r) => r.key).sort()).toEqual(['bad-json', 'bad-version']);
    const again = replayed.find((r) => r.key === 'bad-json');
    expect(again?.value?.toString()).toBe('{oops');
    expect(again?.headers['correlation-id']).toBe('c-1');
    expect(Object.keys(again?.headers ?? {}).filter((h) => h.startsWith('kafka_dlt-'))).toEqual([]);
    expect((await runAndWait(env, 'replay')).lines.join('\n')).toMatch(/Replayed 0 dead letter\(s\)/);
  });

  it('replay --since should leave older letters for a later replay (regression: skipped letters were committed and lost)', async () => {
    const { env, original, letters } = await twoLettersApart();
    const since = new Date(Number(letters[1].timestamp)).toISOString();

    expect(await replay(env, '--since', since)).toMatch(/^Replayed 1 dead letter\(s\)/m);
    expect(await replay(env)).toMatch(/^Replayed 1 dead letter\(s\)/m);
    expect(await replay(env)).toMatch(/^Replayed 0 dead letter\(s\)[\s\S]*Nothing waiting/m);
    expect(await keysOn(original, 2)).toEqual(['t1', 't0']);
  });

  it('replay should be safe to run twice and say what was replayed before', async () => {
    const { env, original, letters } = await twoLettersApart();
    const since = new Date(Number(letters[1].timestamp)).toISOString();

    expect(await replay(env, '--since', since)).toMatch(/^Replayed 1 dead letter\(s\)[\s\S]*older than --since: 1 /m);
    const again = await replay(env, '--since', since);
    expect(again).toMatch(/^Replayed 0 dead letter\(s\)/m);
    expect(again).toMatch(/Already replayed by an earlier replay, not sent again: 1\./);
    expect(again).toMatch(/older than --since: 1 /);
    expect(await keysOn(original, 1)).toEqual(['t1']);
  });

  it('replay should replay a letter again when its replay fails again', async () => {
    const topic = ordersTopic({ name: uniqueName('orders'), partitions: 1 });
    const dlt = deadLetterTopicOf(topic);
    await createTopics(kafka, [topic, dlt]);
    const listener = new TypedListener<OrderPlaced>({ kafka, topic, groupId: uniqueName('kitchen'), handler: async () => undefined });
    await listener.start();
    stops.push(() => listener.stop());
    const env = { ORDERS_TOPIC: topic.name };
    await produceRaw(kafka, topic.name, [
      { key: 'poison', value: '{oops', headers: { 'message-type': 'OrderPlaced', 'message-version': '1' } },
    ]);
    await waitFor(async () => (await topicSize(kafka, dlt.name)) === 1, { message: 'the dead letter' });

    expect(await replay(env)).toMatch(/^Replayed 1 dead letter\(s\)/m);
    await waitFor(async () => (await topicSize(kafka, dlt.name)) === 2, { message: 'the replayed letter dead-lettered again' });
    const [, second] = await readRecords(kafka, dlt.name, 2);
    expect(second?.headers['dlt-replayed-from']).toBe(`${dlt.name}:0:0`);
    expect(await replay(env)).toMatch(/^Replayed 1 dead letter\(s\)/m);
    await waitFor(async () => (await topicSize(kafka, dlt.name)) === 3, { message: 'the letter dead-lettered a third time' });
  });

  // Found by review: a letter cut down to fit the DLT went back without its value, key or
  // headers, only to be dead-lettered again without the record of what it had lost.
  it('replay should leave letters that were cut down to fit the DLT, and say so', async () => {
    const topic = ordersTopic({ name: uniqueName('orders'), partitions: 1 });
    const dlt = deadLetterTopicOf(topic);
    await createTopics(kafka, [topic, dlt]);
    const origin = { [DltHeaders.originalTopic]: topic.name, [DltHeaders.originalPartition]: '0', [DltHeaders.reason]: 'too-large' };
    await produceRaw(kafka, dlt.name, [
      { key: 'whole', value: '{"whole":true}', headers: { ...origin, 'x-binary': 'kept' } },
      { key: 'cut-down', value: null, headers: { ...origin, [DltHeaders.valueDropped]: '2000000' } },
    ]);
    const run = await runAndWait({ ORDERS_TOPIC: topic.name }, 'replay', '--json');
    expect(JSON.parse(run.lines.at(-1)!)).toMatchObject({ replayed: 1, cutDown: 1 });
    const [back] = await readRecords(kafka, topic.name, 1);
    expect(back).toMatchObject({ key: 'whole', headers: { 'x-binary': 'kept' } });
    expect(await topicSize(kafka, topic.name)).toBe(1);
  });

  // Found by a hostile review: a letter forged into the DLT was replayed to the topic its header named.
  it('replay should send letters only to the topic whose DLT holds them, and leave forged ones', async () => {
    const topic = ordersTopic({ name: uniqueName('orders'), partitions: 1 });
    const elsewhere = ordersTopic({ name: uniqueName('elsewhere'), partitions: 1 });
    const dlt = deadLetterTopicOf(topic);
    await createTopics(kafka, [topic, dlt, elsewhere]);
    await produceRaw(kafka, dlt.name, [
      { key: 'genuine', value: '{}', headers: { [DltHeaders.originalTopic]: topic.name, [DltHeaders.reason]: 'test' } },
      { key: 'forged', value: '{}', headers: { [DltHeaders.originalTopic]: elsewhere.name, [DltHeaders.reason]: 'test' } },
    ]);
    const run = await runAndWait({ ORDERS_TOPIC: topic.name }, 'replay', '--json');
    expect(JSON.parse(run.lines.at(-1)!)).toMatchObject({ replayed: 1, noOriginalTopic: 1 });
    const [back] = await readRecords(kafka, topic.name, 1);
    expect(back?.key).toBe('genuine');
    expect(await topicSize(kafka, topic.name)).toBe(1);
    expect(await topicSize(kafka, elsewhere.name)).toBe(0);
  });

  // Found by a hostile review: list printed a raw order's card number and CVV as they were.
  it('list should mask card numbers in every text of a letter and print no value, only its size', async () => {
    const topic = ordersTopic({ name: uniqueName('orders'), partitions: 1 });
    await createTopics(kafka, [topic, deadLetterTopicOf(topic)]);
    const card = '4111111111111111';
    const value = JSON.stringify({ deliveryName: 'Jane', ccNumber: card, ccCVV: '737' });
    await produceRaw(kafka, `${topic.name}.DLT`, [
      {
        key: card,
        value,
        headers: {
          [DltHeaders.originalTopic]: topic.name,
          [DltHeaders.reason]: 'not-json',
          [DltHeaders.exceptionMessage]: `bad ${card}`,
          [`x-${card}`]: card,
        },
      },
    ]);
    const env = { ORDERS_TOPIC: topic.name };
    const [json, table] = [await runAndWait(env, 'list', '--json'), await runAndWait(env, 'list')];
    const [letter] = JSON.parse(json.lines.at(-1)!) as Record<string, unknown>[];
    expect(letter).toMatchObject({ key: CARD_NUMBER_MASK, error: `bad ${CARD_NUMBER_MASK}`, valueBytes: Buffer.byteLength(value) });
    expect(letter).not.toHaveProperty('value');
    for (const output of [json, table]) expect(output.lines.filter((line) => line.includes(card))).toEqual([]);
    expect(table.lines.join('\n')).toContain(`key=${CARD_NUMBER_MASK}  ${Buffer.byteLength(value)} bytes`);
  });

  // Found by a hostile review: 39 s of kafkajs's retries, then an error that named no topic.
  it('list and replay of a DLT that does not exist should say so, naming it', async () => {
    const missing = `${uniqueName('nosuch')}.DLT`;
    for (const command of ['list', 'replay']) {
      const run = runTypeScript('tools/dlt/src/cli.ts', { KAFKA_BROKERS: brokers }, root, [command, '--topic', missing]);
      expect(await run.exited).toBe(1);
      expect(run.lines.join('\n')).toContain(`dlt: Topic ${missing} does not exist`);
    }
  });

  it('should refuse bad arguments with what is wrong, before touching Kafka', async () => {
    const run = runTypeScript('tools/dlt/src/cli.ts', { KAFKA_BROKERS: brokers }, root, ['replay', '--since', 'yesterday']);
    expect(await run.exited).toBe(2);
    expect(run.lines.join('\n')).toMatch(/--since must be an ISO 8601 time with a zone[\s\S]*Usage: npm run dlt/);
  });

  /** A DLT holding letters t0 and t1 whose timestamps differ, so a --since can fall between them. */
  async function twoLettersApart() {
    const original = uniqueName('orders');
    const dlt = `${original}.DLT`;
    await createTopics(kafka, [ordersTopic({ name: original, partitions: 1 }), ordersTopic({ name: dlt, partitions: 1 })]);
    const letter = (key: string) => ({
      key,
      value: `{"key":"${key}"}`,
      headers: { [DltHeaders.originalTopic]: original, [DltHeaders.reason]: 'test' },
    });
    await produceRaw(kafka, dlt, [letter('t0')]);
    const [t0] = await readRecords(kafka, dlt, 1);
    await waitFor(() => Date.now() > Number(t0!.timestamp), { message: 'the clock to pass the first letter' });
    await produceRaw(kafka, dlt, [letter('t1')]);
    const letters = await readRecords(kafka, dlt, 2);
    expect(letters.map((l) => l.key)).toEqual(['t0', 't1']);
    expect(Number(letters[1]!.timestamp)).toBeGreaterThan(Number(letters[0]!.timestamp));
    return { env: { ORDERS_TOPIC: original }, original, letters: letters as [RawRecord, RawRecord] };
  }

  /** The keys replayed onto `topic`, once it holds `count` records, in order; and nothing more. */
  async function keysOn(topic: string, count: number) {
    const records = await readRecords(kafka, topic, count);
    expect(await topicSize(kafka, topic)).toBe(count);
    return records.map((r) => r.key);
  }

  async function replay(env: NodeJS.ProcessEnv, ...args: string[]) {
    return (await runAndWait(env, 'replay', ...args)).lines.join('\n');
  }

  async function runAndWait(env: NodeJS.ProcessEnv, ...args: string[]) {
    const run = runTypeScript('tools/dlt/src/cli.ts', { KAFKA_BROKERS: brokers, ...env }, root, args);
    expect(await run.exited, run.lines.join('\n')).toBe(0);
    return run;
  }
});
