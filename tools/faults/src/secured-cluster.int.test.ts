// Both apps on a SASL_SSL cluster with least-privilege ACLs (npm run kafka -- start --security
// sasl_ssl), end to end: an order over HTTP reaches the listener; each principal can do only
// its own job; a wrong password or a missing topic stops an app with one clear line; the
// hand-written wire requests log in with SCRAM and PLAIN; no password ever reaches the output.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { clientEnv, startCluster, stopCluster, type RunningCluster } from '@tacocloud/kafka-tools';
import {
  createKafkaClient,
  describeBrokers,
  KafkaAccessDeniedError,
  MessagingEnv,
  messagingConfigFrom,
  parseEnv,
  Secret,
  silentLogger,
  type KafkaSecurity,
} from '@tacocloud/messaging';
import { postOrder, runTypeScript, uniqueName, waitFor, type RunningProcess } from '@tacocloud/messaging/testing';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handledOrderIds, startListener, startOrderApi } from './apps.js';

const NAME = 'secured-e2e';
/** Below the ephemeral range and apart from the other suites' clusters; controllers are 100 above. */
const BASE_PORT = 29450;
const root = fileURLToPath(new URL('../../../', import.meta.url));
const topic = uniqueName('secured-orders');
const group = uniqueName('secured-listener');
// Long and random: it cannot appear in any output by chance.
const WRONG_PASSWORD = `wrong-${randomBytes(24).toString('hex')}`;
/** Required of order-api under the prod profile. */
const IDEMPOTENCY_SECRET = randomBytes(32).toString('hex');

let cluster: RunningCluster;
const processes: RunningProcess[] = [];

const appEnv = (principal: string): Record<string, string> => ({
  ...clientEnv(cluster, principal),
  APP_PROFILE: 'prod',
  ...(principal !== 'order-listener' && { IDEMPOTENCY_SECRET }),
  ORDERS_TOPIC: topic,
  ORDERS_TOPIC_REPLICATION_FACTOR: '1',
  ORDER_LISTENER_GROUP: group,
});

const securityOf = (env: Record<string, string>): KafkaSecurity => messagingConfigFrom(parseEnv(MessagingEnv, env), 'test').kafka.security;
const passwordOf = (principal: string) => readFileSync(clientEnv(cluster, principal).KAFKA_SASL_PASSWORD_FILE!, 'utf8').trim();

/** Runs order-api, which must exit 1 within `timeoutMs` having logged exactly one fatal line. */
async function exitsWithOneFatalLine(env: Record<string, string>, timeoutMs: number): Promise<RunningProcess & { fatal: string }> {
  const api = track(runTypeScript('apps/order-api/src/main.ts', { ...env, HEALTH_PORT: undefined }, root));
  const timeout = new Promise((resolve) => setTimeout(() => resolve('still running'), timeoutMs).unref());
  expect(await Promise.race([api.exited, timeout])).toBe(1);
  const fatal = api.lines.filter((line) => /"level":60/.test(line));
  expect(fatal).toHaveLength(1);
  return Object.assign(api, { fatal: fatal[0]! });
}

function track<T extends RunningProcess>(process: T): T {
  processes.push(process);
  return process;
}

beforeAll(async () => {
  cluster = await startCluster({
    name: NAME,
    basePort: BASE_PORT,
    security: 'sasl_ssl',
    ordersTopic: topic,
    listenerGroup: group,
    fresh: true,
    ownerPid: process.pid,
  });
}, 180_000);

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop('SIGKILL')));
  await stopCluster({ name: NAME });
}, 60_000);

describe('the apps on a SASL_SSL cluster with least-privilege ACLs', () => {
  it('an order posted to order-api should reach the listener, each app connected as its own principal', async () => {
    const listener = track(await startListener(appEnv('order-listener')));
    const api = track(await startOrderApi(appEnv('order-api')));
    const response = await postOrder(api.baseUrl);
    expect(response.status).toBe(202);
    const { orderId } = (await response.json()) as { orderId: string };
    await waitFor(() => handledOrderIds(listener).includes(orderId), { timeoutMs: 30_000, message: `order ${orderId} handled` });
  }, 150_000);

  it('npm run kafka -- lag should read the listener group with the settings of the apps (KAFKA_SECURITY_PROTOCOL...)', async () => {
    const lag = track(runTypeScript('tools/kafka/src/cli.ts', { ...clientEnv(cluster, 'console') }, root, ['lag', '--group', group]));
    expect(await lag.exited).toBe(0);
    expect(lag.lines).toContain(`Group ${group}: total lag 0.`);
  }, 60_000);

  it("the listener's principal should not be allowed to write to the orders topic", async () => {
    const kafka = createKafkaClient({
      brokers: cluster.bootstrap.split(','),
      clientId: 'acl-test',
      security: securityOf(appEnv('order-listener')),
      logger: silentLogger,
    });
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    try {
      await expect(producer.send({ topic, acks: -1, messages: [{ value: 'not an order' }] })).rejects.toThrow(/authoriz/i);
    } finally {
      await producer.disconnect();
    }
  }, 60_000);

  it('order-api with a wrong password should exit 1 with one clear line, without retrying', async () => {
    const env = { ...appEnv('order-api'), KAFKA_SASL_PASSWORD_FILE: '', KAFKA_SASL_PASSWORD: WRONG_PASSWORD, PORT: '0', HOST: '127.0.0.1' };
    const api = await exitsWithOneFatalLine(env, 60_000);
    expect(api.fatal).toMatch(/Cannot start: Kafka refused the SASL credentials/);
    expect(api.lines.filter((line) => /retrying/.test(line))).toEqual([]);
  }, 90_000);

  it("order-api that does not trust the broker's certificate should exit 1 with one clear line, before kafkajs tries", async () => {
    const env: Record<string, string> = { ...appEnv('order-api'), PORT: '0', HOST: '127.0.0.1' };
    delete env['KAFKA_SSL_CA_LOCATION'];
    const api = await exitsWithOneFatalLine(env, 60_000);
    expect(api.fatal).toMatch(/Cannot start: the broker's TLS certificate is not trusted: .+ \(check KAFKA_SSL_CA_LOCATION\)/);
    expect(api.lines.filter((line) => /retrying|Connection error/i.test(line))).toEqual([]);
  }, 90_000);

  it('the wire requests should log in with SCRAM-SHA-512 and PLAIN, and refuse a wrong password and an unknown CA', async () => {
    const security = securityOf(appEnv('order-api'));
    const target = (changed: Partial<KafkaSecurity>) => ({
      brokers: cluster.bootstrap.split(','),
      clientId: 'wire-test',
      security: { ...security, ...changed },
    });
    expect((await describeBrokers(target({}), 10_000)).brokers).toHaveLength(1);
    const plain = { ...security.sasl!, mechanism: 'PLAIN' as const };
    expect((await describeBrokers(target({ sasl: plain }), 10_000)).brokers).toHaveLength(1);
    const wrong = describeBrokers(target({ sasl: { ...security.sasl!, password: new Secret(WRONG_PASSWORD) } }), 10_000);
    await expect(wrong).rejects.toThrow(KafkaAccessDeniedError);
    await expect(describeBrokers(target({ tls: {} }), 10_000)).rejects.toThrow(/TLS certificate is not trusted/);
  }, 60_000);

  it('in prod, a missing topic should stop a principal that may not create it with one line, and be created by one that may', async () => {
    const admin = createKafkaClient({
      brokers: cluster.bootstrap.split(','),
      clientId: 'acl-admin',
      security: securityOf(appEnv('admin')),
      logger: silentLogger,
    }).admin();
    await admin.connect();
    try {
      await admin.deleteTopics({ topics: [topic], timeout: 30_000 });
    } finally {
      await admin.disconnect();
    }
    const refused = await exitsWithOneFatalLine({ ...appEnv('order-api'), PORT: '0', HOST: '127.0.0.1' }, 90_000);
    expect(refused.fatal).toContain(`Topic '${topic}' does not exist and principal User:order-api may not create it`);

    const provisioner = track(await startOrderApi(appEnv('admin')));
    expect(provisioner.lines.some((line) => line.includes('"msg":"Created topic"') && line.includes(topic))).toBe(true);
  }, 180_000);

  it('no password of any principal should reach any output of the apps', () => {
    const secrets = [WRONG_PASSWORD, ...['admin', 'order-api', 'order-listener'].map(passwordOf)];
    const output = processes.flatMap((p) => p.lines);
    expect(output.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(output.filter((line) => line.includes(secret))).toEqual([]);
  });
});
