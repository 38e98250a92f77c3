// The peers and our apps on one topic: order-api, the Spring app and the NestJS app write it;
// order-listener, the Spring listener and the Nest consumer each read it in their own group.
// Every record must match our committed JSON Schema and headers, and no card data may show.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { Headers, SAMPLE_ORDER } from '@tacocloud/contract';
import { deadLetterTopicOf, ordersTopic } from '@tacocloud/messaging';
import {
  createTopics,
  findCardData,
  findCardDataInLines,
  postOrder,
  readRecords,
  runTypeScript,
  testKafka,
  uniqueName,
  type RunningProcess,
} from '@tacocloud/messaging/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { workspaceRoot } from './build-cache.js';
import { ensureNestBuild } from './nestjs.js';
import { startPeer, type RunningPeer } from './peer-process.js';
import { ensureSpringJar } from './spring.js';

const schema = JSON.parse(readFileSync(join(workspaceRoot, 'libs/contract/schemas/order-placed.v1.schema.json'), 'utf8'));
const validateEvent = addFormats.default(new Ajv2020({ allErrors: true })).compile(schema);

describe('peers interop', () => {
  const brokers = inject('kafkaBrokers');
  const kafka = testKafka(brokers);
  const topic = ordersTopic({ name: uniqueName('peers-orders') });
  // The peers speak OrderPlaced v1, as the book's Spring listener does: order-api writes v1
  // for them, the setting docs/contract.md gives for consumers that have not moved to v2.
  const env = { KAFKA_BROKERS: brokers, ORDERS_TOPIC: topic.name, LOG_LEVEL: 'info', ORDER_EVENT_VERSION: '1' };
  const processes: RunningProcess[] = [];
  let orderApi: string;
  let listener: RunningProcess;
  let spring: RunningPeer;
  let nest: RunningPeer;

  // The first build resolves Spring Boot from Maven Central (about 20 s on a cold ~/.m2 here);
  // later runs find the jar built for the same sources.
  beforeAll(async () => {
    const started = Date.now();
    ensureSpringJar((line) => console.log(`[peers] ${line}`));
    ensureNestBuild();
    console.log(`[peers] builds ready in ${Math.round((Date.now() - started) / 1000)} s`);
    await createTopics(kafka, [topic, deadLetterTopicOf(topic)]);

    const api = runTypeScript(
      'apps/order-api/src/main.ts',
      { ...env, HOST: '127.0.0.1', PORT: '0', HEALTH_PORT: undefined },
      workspaceRoot,
    );
    listener = runTypeScript(
      'apps/order-listener/src/main.ts',
      { ...env, HEALTH_PORT: '0', ORDER_LISTENER_GROUP: uniqueName('ours') },
      workspaceRoot,
    );
    processes.push(api, listener);
    [spring, nest] = await Promise.all([
      startPeer('spring', { env: { ...env, ORDER_LISTENER_GROUP: uniqueName('spring') } }),
      startPeer('nestjs', { env: { ...env, ORDER_LISTENER_GROUP: uniqueName('nest') } }),
    ]);
    processes.push(spring, nest);
    orderApi = /http:\/\/127\.0\.0\.1:\d+/.exec(await logged(api, 'order-api', /Server listening at/))![0];
    await logged(api, 'order-api', /ready for orders/);
  }, 600_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop('SIGKILL')));
  });

  /** Waits for a line; on a timeout, says what the process logged instead. */
  const logged = async (process: RunningProcess, name: string, pattern: RegExp) => {
    try {
      return await process.waitForLine(pattern);
    } catch (error) {
      const state = process.child.exitCode === null ? 'still running' : `exited with ${process.child.exitCode}`;
      throw new Error(`${name} (${state}) never logged ${pattern}; its last lines:\n${process.lines.slice(-15).join('\n')}`, {
        cause: error,
      });
    }
  };

  const placeOrder = async (baseUrl: string) => {
    const response = await postOrder(baseUrl);
    expect(response.status).toBe(202);
    return (await response.json()) as { orderId: string; partition: number; offset: string };
  };
  const received = (receipt: { orderId: string; partition: number }) =>
    new RegExp(`Received order ${receipt.orderId} from partition ${receipt.partition} with timestamp`);

  it('the Spring listener should read an order posted to order-api', async () => {
    await logged(spring, 'the Spring peer', received(await placeOrder(orderApi)));
  });

  it('order-listener should handle an order posted to the Spring app', async () => {
    await logged(listener, 'order-listener', received(await placeOrder(spring.baseUrl!)));
  });

  it('the Nest consumer should read an order posted to order-api', async () => {
    await logged(nest, 'the NestJS peer', received(await placeOrder(orderApi)));
  });

  it('order-listener should handle an order posted to the Nest app', async () => {
    await logged(listener, 'order-listener', received(await placeOrder(nest.baseUrl!)));
  });

  it('the peers should refuse an invalid order with 400 and log no card data', async () => {
    for (const peer of [spring, nest]) {
      const response = await fetch(`${peer.baseUrl}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        // The card number and CVV are valid: a peer that echoed the order would show them.
        body: JSON.stringify({ ...SAMPLE_ORDER, deliveryZip: '' }),
      });
      expect(response.status).toBe(400);
      expect(findCardData(await response.json(), SAMPLE_ORDER)).toEqual([]);
      expect(findCardDataInLines(peer.lines, SAMPLE_ORDER)).toEqual([]);
    }
  });

  it('every record on the topic should match the committed JSON Schema and carry our headers, without card data', async () => {
    const records = await readRecords(kafka, topic.name, 4);
    for (const record of records) {
      const event = JSON.parse(record.value!.toString('utf8'));
      expect(validateEvent(event), JSON.stringify(validateEvent.errors)).toBe(true);
      expect(record.key).toBe(event.orderId);
      expect(record.headers).toMatchObject({
        [Headers.messageType]: 'OrderPlaced',
        [Headers.messageVersion]: '1',
        [Headers.contentType]: 'application/json',
        [Headers.messageId]: event.eventId,
        [Headers.correlationId]: expect.any(String),
      });
      expect(findCardData({ event, headers: record.headers }, SAMPLE_ORDER)).toEqual([]);
    }
  });
});
