import { Kafka, logLevel } from 'kafkajs';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startHostileEndpoint, type HostileEndpoint } from '../testing/hostile-endpoints.js';
import { applyKafkaJsPatches, recordHeaders } from './kafkajs-patches.js';

describe('applyKafkaJsPatches', () => {
  const endpoints: HostileEndpoint[] = [];
  afterEach(async () => {
    await Promise.all(endpoints.splice(0).map((endpoint) => endpoint.close()));
  });

  // Regression: kafkajs threw inside its socket's 'data' listener, ending the process.
  it.each(['negative-frame', 'http'] as const)(
    'should turn a "%s" answer into a connection error of that request at once, not an uncaught exception or a wait',
    async (behaviour) => {
      applyKafkaJsPatches();
      const endpoint = await startHostileEndpoint(behaviour);
      endpoints.push(endpoint);
      // A request timeout far above the test's own: only the patch can end the wait in time.
      const kafka = new Kafka({
        clientId: 'patch-test',
        brokers: [endpoint.address],
        logLevel: logLevel.NOTHING,
        retry: { retries: 0 },
        requestTimeout: 600_000,
      });
      const admin = kafka.admin();
      const uncaught: Error[] = [];
      const onUncaught = (error: Error) => uncaught.push(error);
      process.on('uncaughtException', onUncaught);
      try {
        await expect(admin.connect()).rejects.toThrow(/Not a Kafka response/);
      } finally {
        process.off('uncaughtException', onUncaught);
        await admin.disconnect();
      }
      expect(uncaught).toEqual([]);
    },
  );
});

describe("kafkajs's pending seeks (the listener asks after every record)", () => {
  interface SeekOffsets {
    has(topic: string, partition: number): boolean;
    set(topic: string, partition: number, offset: string): void;
    pop(topic: string, partition: number): unknown;
    getKey(topic: string, partition: number): string;
  }

  it('should find a seek pending for its topic and partition only, and make no key while none is', () => {
    applyKafkaJsPatches();
    const SeekOffsets = createRequire(import.meta.url)('kafkajs/src/consumer/seekOffsets.js') as new () => SeekOffsets;
    const seeks = new SeekOffsets();
    const keys = vi.spyOn(seeks, 'getKey');
    expect(seeks.has('orders', 0)).toBe(false);
    expect(keys).not.toHaveBeenCalled();
    seeks.set('orders', 0, '42');
    expect([seeks.has('orders', 0), seeks.has('orders', 1), seeks.has('other', 0)]).toEqual([true, false, false]);
    expect(seeks.pop('orders', 0)).toEqual({ topic: 'orders', partition: 0, offset: '42' });
    expect(seeks.has('orders', 0)).toBe(false);
  });
});

describe('recordHeaders (the patched record decoder gathers headers with it)', () => {
  const buffer = (text: string) => Buffer.from(text);

  it('should keep headers named like Object members as headers of their own', () => {
    const names = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];
    const headers = recordHeaders(names.map((key) => ({ key, value: buffer(key.toUpperCase()) })));
    expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
    expect(Object.keys(headers)).toEqual(names);
    for (const name of names) expect(Object.getOwnPropertyDescriptor(headers, name)?.value).toEqual(buffer(name.toUpperCase()));
  });

  it('should collect the values of a repeated header in order, as kafkajs does', () => {
    const headers = recordHeaders([
      { key: 'a', value: buffer('1') },
      { key: 'b', value: null },
      { key: 'a', value: buffer('2') },
      { key: 'b', value: buffer('3') },
      { key: 'a', value: buffer('4') },
    ]);
    expect(headers).toEqual({ a: [buffer('1'), buffer('2'), buffer('4')], b: [null, buffer('3')] });
  });

  it('should gather 100,000 headers, half of them repeats, in one pass', () => {
    const pairs = Array.from({ length: 100_000 }, (_, i) => ({ key: `h${i % 50_000}`, value: buffer(String(i)) }));
    const headers = recordHeaders(pairs);
    expect(Object.keys(headers)).toHaveLength(50_000);
    expect(headers['h49999']).toEqual([buffer('49999'), buffer('99999')]);
  });
});

describe("kafkajs's group coordinator lookup when no broker answers", () => {
  const require = createRequire(import.meta.url);
  const Cluster = require('kafkajs/src/cluster/index.js') as { prototype: object };
  const BrokerPool = require('kafkajs/src/cluster/brokerPool.js') as { prototype: { withBroker: unknown } };
  const createRetry = require('kafkajs/src/retry/index.js') as (options: object) => unknown;
  const { KafkaJSConnectionError } = require('kafkajs/src/errors.js') as {
    KafkaJSConnectionError: new (message: string, extra: object) => Error;
  };
  const { createErrorFromCode } = require('kafkajs/src/protocol/error.js') as { createErrorFromCode: (code: number) => Error };
  const GROUP_AUTHORIZATION_FAILED = 30;

  type Answer = () => Promise<unknown>;
  /** kafkajs's own Cluster and BrokerPool code over brokers that give these answers, one try each. */
  function clusterOf(answers: Answer[]): { findGroupCoordinator(request: { groupId: string }): Promise<unknown> } {
    const brokers = Object.fromEntries(answers.map((answer, nodeId) => [nodeId, { findGroupCoordinator: answer }]));
    const pool = { brokers, findBroker: async ({ nodeId }: { nodeId: string }) => brokers[nodeId] };
    const found = { nodeId: 0 };
    return Object.assign(Object.create(Cluster.prototype) as { findGroupCoordinator(request: { groupId: string }): Promise<unknown> }, {
      retrier: createRetry({ retries: 0 }),
      brokerPool: { withBroker: (BrokerPool.prototype.withBroker as (callback: unknown) => Promise<unknown>).bind(pool) },
      findBroker: async () => found,
      logger: { debug: () => undefined },
    });
  }

  /** kafkajs 2.2.4's consumer restarts after a crash when the deepest cause of its error may be retried (consumer/index.js). */
  function restartsConsumer(error: unknown): boolean {
    let deepest = error as { cause?: unknown; retriable?: boolean };
    while (deepest.cause) deepest = deepest.cause as typeof deepest;
    return deepest.retriable === true;
  }

  const refused = () => Promise.reject(new KafkaJSConnectionError('Connection error: connect ECONNREFUSED', { code: 'ECONNREFUSED' }));
  const groupRefused = () => Promise.reject(createErrorFromCode(GROUP_AUTHORIZATION_FAILED));

  it.each([
    ['restart the consumer when every broker refused the connection', [refused, refused], { name: 'KafkaJSConnectionError' }, true],
    ['still stop the consumer when the broker refuses the group', [groupRefused], { type: 'GROUP_AUTHORIZATION_FAILED' }, false],
  ])('should fail with a cause that makes kafkajs %s', async (_what, answers, cause, restarts) => {
    applyKafkaJsPatches();
    const failure = await clusterOf(answers)
      .findGroupCoordinator({ groupId: 'kitchen' })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'KafkaJSGroupCoordinatorNotFound', cause });
    expect(restartsConsumer(failure)).toBe(restarts);
  });

  it('should take the coordinator from the broker that answers, whichever kafkajs asks first', async () => {
    applyKafkaJsPatches();
    const answers: Answer[] = [
      () => Promise.reject(new KafkaJSConnectionError('Connection error', {})),
      async () => ({ coordinator: { nodeId: 0 } }),
    ];
    await expect(clusterOf(answers).findGroupCoordinator({ groupId: 'kitchen' })).resolves.toEqual({ nodeId: 0 });
  });
});
