// A secured cluster (`start --security sasl_ssl`) as its users meet it: kcat (librdkafka, a
// client nobody here wrote) and kafkajs connect with exactly the settings the tool prints, and
// everything else is refused: plaintext, TLS without SASL, a wrong password, and each
// principal outside its ACLs. One single-broker cluster of its own, on its own ports.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyKafkaJsPatches } from '@tacocloud/messaging';
import { waitFor } from '@tacocloud/messaging/testing';
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, stopCluster } from './cluster.js';
import { clientEnv, kcatCommand } from './secured-cluster.js';
import { allPasswords, kafkaJsAuth, passwordFile, PRINCIPALS, securityFiles, type Principal } from './security.js';
import { clusterStatus } from './status.js';
import type { RunningCluster } from './store.js';

const CLUSTER = 'secured-test';
const PORT = 31850;
const CONTROLLER_PORT = 31851;
const ORDERS = 'secured.orders';
const LISTENER_GROUP = 'secured-listener';
/** As the apps produce (libs/messaging producers.ts); kafkajs wants retries for an idempotent producer. */
const IDEMPOTENT = { idempotent: true, maxInFlightRequests: 1, retry: { retries: 5, initialRetryTime: 100 } };
const root = fileURLToPath(new URL('../../../', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A command that ends by itself; `timeoutMs` only guards against a hang. */
function run(command: string, args: string[], input?: string, timeoutMs = 30_000, env = process.env): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'], timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

const kafkaCliWith = (env: NodeJS.ProcessEnv, ...args: string[]) =>
  run(
    process.execPath,
    ['--import', 'tsx', '--conditions=@tacocloud/source', 'tools/kafka/src/cli.ts', ...args, '--cluster', CLUSTER],
    undefined,
    60_000,
    env,
  );
/** The shell's KAFKA_* settings (a KAFKA_BROKERS exported for `npm test`) would point `lag` elsewhere. */
const shellWithoutKafka = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('KAFKA_')));
const kafkaCli = (...args: string[]) => kafkaCliWith(shellWithoutKafka, ...args);

/** kcat run by the shell with the settings line `env` printed for a principal (the password read from its file). */
const kcat = (settings: string, args: string, input?: string) => run('bash', ['-c', `${settings} ${args}`], input);

describe('a secured local cluster (start --security sasl_ssl)', () => {
  let cluster: RunningCluster;
  const startLog: string[] = [];
  /** The `# kcat:` line `npm run kafka -- env` printed, per principal. */
  const printed = new Map<Principal, { lines: string[]; kcat: string }>();
  const clients: { disconnect(): Promise<void> }[] = [];

  const kafkaAs = (principal: Principal | null, config: Partial<KafkaConfig> = {}) => {
    applyKafkaJsPatches();
    return new Kafka({
      clientId: `secured-test-${principal ?? 'anonymous'}`,
      brokers: cluster.bootstrap.split(','),
      logLevel: logLevel.NOTHING,
      connectionTimeout: 3_000,
      requestTimeout: 5_000,
      // kafkajs learns the brokers by retrying (KafkaJSBrokerNotFound, then a metadata refresh);
      // authentication and authorization errors are not retried.
      retry: { retries: 2, initialRetryTime: 100 },
      ...(principal && kafkaJsAuth(cluster.dir, principal)),
      ...config,
    });
  };
  const connected = async <T extends { connect(): Promise<void>; disconnect(): Promise<void> }>(client: T): Promise<T> => {
    clients.push(client);
    await client.connect();
    return client;
  };

  beforeAll(async () => {
    cluster = await startCluster({
      name: CLUSTER,
      basePort: PORT,
      controllerBasePort: CONTROLLER_PORT,
      fresh: true,
      ownerPid: process.pid,
      security: 'sasl_ssl',
      ordersTopic: ORDERS,
      listenerGroup: LISTENER_GROUP,
      log: (line) => startLog.push(line),
    });
    await Promise.all(
      PRINCIPALS.map(async (principal) => {
        const { code, stdout, stderr } = await kafkaCli('env', '--principal', principal);
        expect(code, stderr).toBe(0);
        const lines = stdout.trim().split('\n');
        printed.set(principal, { lines, kcat: lines.find((line) => line.startsWith('# kcat: '))!.slice('# kcat: '.length) });
      }),
    );
  }, 180_000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.disconnect().catch(() => undefined)));
    await stopCluster({ name: CLUSTER });
    rmSync(cluster.dir, { recursive: true, force: true });
  }, 60_000);

  it('env should print the variables clientEnv gives and the kcat line, and --json the same variables', async () => {
    const env = clientEnv(cluster, 'order-api');
    expect(env).toEqual({
      KAFKA_BROKERS: `127.0.0.1:${PORT}`,
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SSL_CA_LOCATION: join(cluster.dir, 'tls', 'ca.pem'),
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: 'order-api',
      KAFKA_SASL_PASSWORD_FILE: join(cluster.dir, 'secrets', 'order-api.password'),
    });
    expect(printed.get('order-api')!.lines).toEqual([
      ...Object.entries(env).map(([key, value]) => `${key}=${value}`),
      `# kcat: ${kcatCommand(cluster, 'order-api')}`,
    ]);
    const json = await kafkaCli('env', '--principal', 'order-api', '--json');
    expect(JSON.parse(json.stdout)).toEqual(env);
    const unknown = await kafkaCli('env', '--principal', 'nobody');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no principal 'nobody'.*\n.*admin, order-api, order-listener, dlt, console/);
  });

  it('kcat with the settings printed for console should read what order-api produced with kafkajs', async () => {
    const value = `placed-${randomUUID()}`;
    const producer = await connected(kafkaAs('order-api').producer(IDEMPOTENT));
    await producer.send({ topic: ORDERS, acks: -1, messages: [{ key: 'order-1', value }] });

    const read = await kcat(printed.get('console')!.kcat, `-C -t ${ORDERS} -o beginning -e -q -f '%k=%s\\n'`);
    expect(read.stderr).toBe('');
    expect(read.stdout.split('\n')).toContain(`order-1=${value}`);
  });

  it('order-listener should read in its group what kcat produced as order-api, and write the DLT', async () => {
    const value = `from-kcat-${randomUUID()}`;
    const sent = await kcat(printed.get('order-api')!.kcat, `-P -t ${ORDERS} -k order-2 -X acks=all`, `${value}\n`);
    expect(sent.code, sent.stderr).toBe(0);

    const listener = kafkaAs('order-listener');
    const consumer = await connected(listener.consumer({ groupId: LISTENER_GROUP, maxWaitTimeInMs: 100 }));
    await consumer.subscribe({ topic: ORDERS, fromBeginning: true });
    const seen: string[] = [];
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(message.value?.toString() ?? '') });
    await waitFor(() => seen.includes(value), { message: 'order-listener to read the record kcat produced' });

    const deadLetters = await connected(listener.producer(IDEMPOTENT));
    await deadLetters.send({ topic: `${ORDERS}.DLT`, acks: -1, messages: [{ key: 'order-2', value }] });
  });

  it('a plaintext client should get nothing from the client port, nor from the controller port', async () => {
    const admin = kafkaAs(null).admin();
    clients.push(admin);
    // TLS alert bytes where a Kafka response should be (libs/messaging's kafkajs patch names them).
    await expect(admin.connect()).rejects.toThrow(/Not a Kafka response|Connection|closed|timeout/i);

    const results = await Promise.all([PORT, CONTROLLER_PORT].map((port) => run('kcat', ['-b', `127.0.0.1:${port}`, '-L', '-m', '3'])));
    for (const result of results) {
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/Failed to acquire metadata/);
    }
  });

  it('TLS without SASL should be refused too', async () => {
    const admin = kafkaAs(null, { ssl: { ca: [readFileSync(securityFiles(cluster.dir).ca)] } }).admin();
    clients.push(admin);
    await expect(admin.connect().then(() => admin.describeCluster())).rejects.toThrow();
  });

  it('a wrong password should be refused at once with an authentication error, by kafkajs and by kcat', async () => {
    const started = Date.now();
    const admin = kafkaAs('order-api', {
      sasl: { mechanism: 'scram-sha-512', username: 'order-api', password: 'not-the-password' },
    }).admin();
    clients.push(admin);
    await expect(admin.connect()).rejects.toMatchObject({
      name: 'KafkaJSSASLAuthenticationError',
      message: expect.stringMatching(
        /SASL SCRAM SHA512 authentication failed: Authentication failed during authentication due to invalid credentials/,
      ),
    });
    expect(Date.now() - started).toBeLessThan(5_000);

    const wrong = printed.get('order-api')!.kcat.replace(/sasl\.password="[^"]*"/, 'sasl.password=not-the-password');
    const result = await kcat(wrong, '-L -m 3');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/SASL authentication error: Authentication failed/);
  });

  it('order-listener should not be allowed to write the orders topic, nor order-api to read it', async () => {
    const producer = await connected(kafkaAs('order-listener').producer(IDEMPOTENT));
    await expect(producer.send({ topic: ORDERS, acks: -1, messages: [{ value: 'forged order' }] })).rejects.toMatchObject({
      type: 'TOPIC_AUTHORIZATION_FAILED',
    });

    const read = await kcat(printed.get('order-api')!.kcat, `-C -t ${ORDERS} -o beginning -e -q`);
    expect(read.code).not.toBe(0);
    expect(read.stderr).toMatch(/Topic authorization failed/);
  });

  it('nobody but admin should create a topic', async () => {
    for (const principal of PRINCIPALS.filter((p) => p !== 'admin')) {
      const admin = await connected(kafkaAs(principal).admin());
      await expect(admin.createTopics({ topics: [{ topic: `by-${principal}`, numPartitions: 1 }] }), principal).rejects.toMatchObject({
        errors: [{ type: 'TOPIC_AUTHORIZATION_FAILED' }],
      });
    }
    const admin = await connected(kafkaAs('admin').admin());
    expect(await admin.createTopics({ topics: [{ topic: 'by-admin', numPartitions: 1 }], waitForLeaders: true })).toBe(true);
  });

  it("console should read the listener group's offsets but not join it", async () => {
    const admin = await connected(kafkaAs('console').admin());
    const [offsets] = await admin.fetchOffsets({ groupId: LISTENER_GROUP, topics: [ORDERS] });
    expect(offsets?.partitions).toHaveLength(6);

    const intruder = await connected(kafkaAs('console').consumer({ groupId: LISTENER_GROUP }));
    await intruder.subscribe({ topic: ORDERS });
    const crashed = new Promise<Error>((resolve) => intruder.on(intruder.events.CRASH, ({ payload }) => resolve(payload.error)));
    await intruder.run({ eachMessage: async () => undefined });
    expect(await crashed).toMatchObject({ type: 'GROUP_AUTHORIZATION_FAILED' });
  });

  it('status and lag should work as admin, and no password should appear in any output, log or file but its own', async () => {
    const status = await clusterStatus({ name: CLUSTER });
    expect(status).toMatchObject({ reachable: true, controller: 1 });
    expect(status.topics).toEqual(expect.arrayContaining([ORDERS, `${ORDERS}.DLT`]));

    const [lag, statusCli] = await Promise.all([kafkaCli('lag', '--group', LISTENER_GROUP, '--json'), kafkaCli('status')]);
    expect(lag.code, lag.stderr).toBe(0);
    expect(JSON.parse(lag.stdout)).toHaveLength(6);
    expect(statusCli.stdout).toMatch(/controller node 1/);

    const secrets = allPasswords(cluster.dir);
    expect(secrets).toHaveLength(PRINCIPALS.length + 1);
    for (const principal of PRINCIPALS) expect(statSync(passwordFile(cluster.dir, principal)).mode & 0o777).toBe(0o600);
    const seen = [
      startLog.join('\n'),
      lag.stdout,
      lag.stderr,
      statusCli.stdout,
      ...[...printed.values()].flatMap(({ lines }) => lines),
      readFileSync(cluster.nodes[0]!.logFile, 'utf8'),
      readFileSync(join(cluster.dir, 'cluster.json'), 'utf8'),
    ].join('\n');
    for (const secret of secrets) expect(seen.includes(secret)).toBe(false);
  });

  it('lag as a principal without access to the group should say so in a line, with no stack', async () => {
    const lag = await kafkaCliWith({ ...shellWithoutKafka, ...clientEnv(cluster, 'order-api') }, 'lag', '--group', LISTENER_GROUP);
    expect(lag.code).toBe(1);
    expect(lag.stderr).toMatch(
      /kafka: Kafka refused to show group secured-listener: the principal is not allowed to use the consumer group \(ACL\).*\n {2}fix: run it as a principal allowed/,
    );
    expect(lag.stderr).not.toMatch(/\n\s+at /);
  });
});
