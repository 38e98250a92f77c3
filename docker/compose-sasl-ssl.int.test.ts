// compose.sasl-ssl.yml cannot run here (no Docker engine), so its Kafka settings run on a real
// broker instead: the same scripts (make-secrets.sh, kafka-run.sh, setup.sh) and the same
// KAFKA_* variables, turned into server.properties as the apache/kafka image does, on one node
// at localhost. order-api then connects with its compose environment and takes an order, and
// kcat (librdkafka) reads it as order-listener.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureJars, findJava } from '@tacocloud/kafka-tools';
import { DEFAULT_ORDERS_TOPIC } from '@tacocloud/messaging';
import { postOrder, runTypeScript, waitFor, type RunningProcess } from '@tacocloud/messaging/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeCompose, readCompose } from './compose-files.js';

/** Below the ephemeral range and apart from the other suites' clusters. */
const PORTS = { internal: 29480, external: 29481, controller: 29482 };
const root = fileURLToPath(new URL('../', import.meta.url));
const scripts = fileURLToPath(new URL('./sasl-ssl/', import.meta.url));
const compose = mergeCompose(readCompose('compose.yml'), readCompose('compose.sasl-ssl.yml'));
/** Variables the image's start script keeps for the JVM instead of server.properties. */
const NOT_PROPERTIES = new Set(['KAFKA_HEAP_OPTS', 'KAFKA_OPTS', 'KAFKA_JMX_OPTS', 'KAFKA_LOG4J_OPTS', 'KAFKA_VERSION']);

const work = mkdtempSync(join(tmpdir(), 'compose-sasl-ssl-'));
const secrets = join(work, 'secrets');
const idempotency = join(work, 'idempotency');
let broker: ChildProcess | undefined;
let api: RunningProcess | undefined;

/** KAFKA_LISTENER_NAME_INTERNAL_PLAIN_SASL_JAAS_CONFIG -> listener.name.internal.plain.sasl.jaas.config, as the image maps them. */
const propertyName = (variable: string) =>
  variable.slice('KAFKA_'.length).toLowerCase().replaceAll('___', '-').replaceAll('__', '\0').replaceAll('_', '.').replaceAll('\0', '_');

const inWork = (value: string) => value.replaceAll('/secrets/', `${secrets}/`).replaceAll('/idempotency/', `${idempotency}/`);

function brokerEnvironment(): Record<string, string> {
  const fromCompose = Object.fromEntries(Object.entries(compose.services['kafka-1']!.environment!).map(([k, v]) => [k, String(v)]));
  // kafka-run.sh exports the secrets and runs the image's script; here it runs `env` instead.
  const run = spawnSync('sh', [join(scripts, 'kafka-run.sh')], {
    env: { PATH: process.env['PATH'], SECRETS_DIR: secrets, KAFKA_RUN: 'env' },
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
  const fromScript = Object.fromEntries(
    run.stdout
      .split('\n')
      .filter((line) => line.startsWith('KAFKA_'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  const single = {
    KAFKA_NODE_ID: '1',
    KAFKA_CONTROLLER_QUORUM_VOTERS: `1@localhost:${PORTS.controller}`,
    KAFKA_LISTENERS: `INTERNAL://localhost:${PORTS.internal},CONTROLLER://localhost:${PORTS.controller},EXTERNAL://localhost:${PORTS.external}`,
    KAFKA_ADVERTISED_LISTENERS: `INTERNAL://localhost:${PORTS.internal},EXTERNAL://localhost:${PORTS.external}`,
    KAFKA_LOG_DIRS: join(work, 'data'),
    ...Object.fromEntries(
      [
        'OFFSETS_TOPIC_REPLICATION_FACTOR',
        'TRANSACTION_STATE_LOG_REPLICATION_FACTOR',
        'TRANSACTION_STATE_LOG_MIN_ISR',
        'MIN_INSYNC_REPLICAS',
        'DEFAULT_REPLICATION_FACTOR',
      ].map((name) => [`KAFKA_${name}`, '1']),
    ),
  };
  return { ...fromCompose, ...fromScript, ...single };
}

/** /opt/kafka/bin's scripts the compose files call, as shims over the same jars. */
function kafkaBin(java: string, jars: string): string {
  const bin = join(work, 'bin');
  mkdirSync(bin);
  for (const [script, main] of Object.entries({
    'kafka-topics.sh': 'org.apache.kafka.tools.TopicCommand',
    'kafka-acls.sh': 'org.apache.kafka.tools.AclCommand',
    'kafka-broker-api-versions.sh': 'org.apache.kafka.tools.BrokerApiVersionsCommand',
  })) {
    writeFileSync(join(bin, script), `#!/bin/sh\nexec '${java}' -Xmx256m -cp '${jars}/*' ${main} "$@"\n`);
    chmodSync(join(bin, script), 0o755);
  }
  return bin;
}

let bin: string;

/**
 * The one-shot order-api-secret's own script, its paths mapped to this machine's, and the
 * owner it gives the file (the image's node user) this process's, as a test runs unprivileged.
 */
function makeIdempotencySecret(): void {
  mkdirSync(idempotency);
  const [, flag, script] = compose.services['order-api-secret']!.entrypoint as [string, string, string];
  const owner = `${process.getuid?.() ?? 1000}, ${process.getgid?.() ?? 1000}`;
  const made = spawnSync(process.execPath, [flag, inWork(script).replace('1000, 1000', owner)], { encoding: 'utf8' });
  expect(made.status, made.stderr).toBe(0);
}

beforeAll(async () => {
  mkdirSync(secrets);
  const made = spawnSync('sh', [join(scripts, 'make-secrets.sh')], { env: { ...process.env, SECRETS_DIR: secrets }, encoding: 'utf8' });
  expect(made.status, made.stderr).toBe(0);
  makeIdempotencySecret();
  const { java } = findJava();
  const jars = ensureJars(() => undefined);
  bin = kafkaBin(java, jars);
  const env = brokerEnvironment();
  const properties = Object.entries(env)
    .filter(([name]) => name.startsWith('KAFKA_') && !NOT_PROPERTIES.has(name))
    .map(([name, value]) => `${propertyName(name)}=${inWork(value)}`);
  const config = join(work, 'server.properties');
  writeFileSync(config, `${properties.join('\n')}\n`);
  const format = spawnSync(java, ['-cp', `${jars}/*`, 'kafka.tools.StorageTool', 'format', '-t', env['CLUSTER_ID']!, '-c', config], {
    encoding: 'utf8',
  });
  expect(format.status, format.stderr + format.stdout).toBe(0);
  const log = openSync(join(work, 'broker.log'), 'w');
  broker = spawn(java, ['-Xmx512m', '-cp', `${jars}/*`, 'kafka.Kafka', config], { stdio: ['ignore', log, log] });
  // The compose healthcheck itself, with the image's paths mapped to this machine's.
  const health = inWork(compose.services['kafka-1']!.healthcheck!.test[1]!)
    .replace('/opt/kafka/bin', bin)
    .replace('localhost:29092', `localhost:${PORTS.internal}`);
  await waitFor(() => spawnSync('sh', ['-c', health]).status === 0, {
    timeoutMs: 90_000,
    intervalMs: 1_000,
    message: `the broker's healthcheck (log: ${work}/broker.log)`,
  });
  const setup = spawnSync('sh', [join(scripts, 'setup.sh')], {
    env: { ...process.env, SECRETS_DIR: secrets, KAFKA_BIN: bin, BOOTSTRAP: `localhost:${PORTS.internal}`, REPLICATION_FACTOR: '1' },
    encoding: 'utf8',
  });
  expect(setup.status, setup.stderr + setup.stdout).toBe(0);
}, 240_000);

afterAll(async () => {
  await api?.stop('SIGKILL');
  broker?.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

describe('docker/compose.sasl-ssl.yml on a real broker', () => {
  it('order-api with its compose environment should take an order over SASL_SSL, and kcat should read it as order-listener', async () => {
    const appEnv = Object.fromEntries(Object.entries(compose.services['order-api']!.environment!).map(([k, v]) => [k, inWork(String(v))]));
    api = runTypeScript(
      'apps/order-api/src/main.ts',
      {
        ...appEnv,
        KAFKA_BROKERS: `localhost:${PORTS.external}`,
        ORDERS_TOPIC_REPLICATION_FACTOR: '1',
        PORT: '0',
        HOST: '127.0.0.1',
        HEALTH_PORT: undefined,
      },
      root,
    );
    const listening = await api.waitForLine(/Server listening at http:\/\/127\.0\.0\.1:\d+/, 60_000);
    await api.waitForLine(/ready for orders/, 60_000);
    const response = await postOrder(/http:\/\/127\.0\.0\.1:\d+/.exec(listening)![0]);
    expect(response.status).toBe(202);
    const { orderId } = (await response.json()) as { orderId: string };

    const password = spawnSync('cat', [join(secrets, 'order-listener.password')], { encoding: 'utf8' }).stdout;
    const kcat = spawnSync(
      'kcat',
      [
        '-b',
        `localhost:${PORTS.external}`,
        '-X',
        'security.protocol=SASL_SSL',
        '-X',
        'sasl.mechanisms=PLAIN',
        '-X',
        `ssl.ca.location=${join(secrets, 'ca.pem')}`,
        '-X',
        'sasl.username=order-listener',
        '-X',
        `sasl.password=${password}`,
        '-C',
        '-t',
        DEFAULT_ORDERS_TOPIC,
        '-o',
        'beginning',
        '-e',
        '-q',
        '-f',
        '%s\n',
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(kcat.status, kcat.stderr).toBe(0);
    expect(kcat.stdout).toContain(orderId);
  }, 150_000);
});
