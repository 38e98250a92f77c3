// order-api as operators run it: a real process, real Kafka, signals.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  findCardDataInLines,
  parsePrometheus,
  postOrder,
  sampleValue,
  runTypeScript,
  SAMPLE_ORDER,
  startHostileEndpoint,
  uniqueName,
  type HostileBehaviour,
  type HostileEndpoint,
  type RunningProcess,
} from '@tacocloud/messaging/testing';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { LISTEN_BACKLOG } from './listen.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('order-api process', () => {
  const processes: RunningProcess[] = [];
  const endpoints: HostileEndpoint[] = [];
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop('SIGKILL')));
    await Promise.all(endpoints.map((endpoint) => endpoint.close()));
  });
  const start = (env: NodeJS.ProcessEnv) => {
    // HEALTH_PORT only where a test sets it, not from the shell.
    const running = runTypeScript('apps/order-api/src/main.ts', { HOST: '127.0.0.1', PORT: '0', HEALTH_PORT: undefined, ...env }, root);
    processes.push(running);
    return running;
  };

  it.each([
    ['PORT', 'eighty', /PORT: must be a whole number \(got 'eighty'\)/],
    ['APP_PROFILE', 'prod', /KAFKA_BROKERS: is required with APP_PROFILE=prod[^]*IDEMPOTENCY_SECRET: is required with APP_PROFILE=prod/],
    ['ORDERS_TOPIC_PARTITIONS', '-1', /ORDERS_TOPIC_PARTITIONS: must be a whole number/],
  ])('should exit 1 naming the variable when %s=%s', async (name, value, message) => {
    const api = start({ [name]: value, KAFKA_BROKERS: '' });
    expect(await api.exited).toBe(1);
    expect(api.lines.join('\n')).toMatch(message);
  });

  it(
    'should refuse to run prod against a cluster too small for its replication factor, after waiting 30 s for more brokers, exiting 1 and saying what to change',
    { timeout: 90_000 },
    async () => {
      const api = start({
        APP_PROFILE: 'prod',
        IDEMPOTENCY_SECRET: 'p'.repeat(32),
        KAFKA_BROKERS: inject('kafkaBrokers'),
        ORDERS_TOPIC: uniqueName('orders'),
      });
      expect(await api.exited).toBe(1);
      expect(api.lines.join('\n')).toMatch(
        /needs replication factor 3 but the cluster has 1 broker\(s\) registered; lower the replication factor \(e\.g\. ORDERS_TOPIC_REPLICATION_FACTOR\)/,
      );
    },
  );

  // Regression: a listed address that closed connections hung start-up and readiness forever,
  // and one that answered with a negative frame size crashed the process (inside kafkajs too).
  it.each<HostileBehaviour>(['close', 'negative-frame'])(
    'should become ready within 30 s and take an order when the first listed broker address does "%s"',
    async (behaviour) => {
      const endpoint = await startHostileEndpoint(behaviour);
      endpoints.push(endpoint);
      const api = start({ KAFKA_BROKERS: `${endpoint.address},${inject('kafkaBrokers')}`, ORDERS_TOPIC: uniqueName('orders') });
      const base = /http:\/\/127\.0\.0\.1:\d+/.exec(await api.waitForLine(/Server listening at/))![0];
      await api.waitForLine(/ready for orders/, 30_000);
      const response = await postOrder(base);
      expect(response.status).toBe(202);
      expect(api.child.exitCode).toBeNull();
      expect(api.lines.filter((line) => line.includes('unexpected error'))).toEqual([]);
      expect(await api.stop('SIGTERM')).toBe(0);
    },
  );

  it('should close a connection beyond HTTP_MAX_CONNECTIONS at once, count and log it, and serve those it holds', async () => {
    const api = start({ KAFKA_BROKERS: inject('kafkaBrokers'), ORDERS_TOPIC: uniqueName('orders'), HTTP_MAX_CONNECTIONS: '2' });
    const base = /http:\/\/127\.0\.0\.1:\d+/.exec(await api.waitForLine(/Server listening at/))![0];
    await api.waitForLine(/ready for orders/);
    const { port } = new URL(base);
    // Each answered once, so order-api holds both before the third comes.
    const held = [await openConnection(port), await openConnection(port)];
    for (const connection of held) expect(await connection.get('/health/live')).toMatch(/^HTTP\/1\.1 200 /);

    const third = await openConnection(port);
    expect(await third.get('/health/live')).toBe('');
    expect(await held[0]!.get('/health/live')).toMatch(/^HTTP\/1\.1 200 /);
    await api.waitForLine(/"refused":1,"maxConnections":2,.*Refusing connections: 2 are open \(HTTP_MAX_CONNECTIONS\)/);

    const metrics = await scrape(held[0]!);
    expect(sampleValue(metrics, 'http_connections_refused_total')).toBe(1);
    expect(sampleValue(metrics, 'http_connections_open')).toBe(2);
    for (const connection of held) connection.socket.destroy();
    expect(await api.stop('SIGTERM')).toBe(0);
  });

  it('should answer probes and scrapes on HEALTH_PORT while the orders port holds HTTP_MAX_CONNECTIONS', async () => {
    const api = start({
      KAFKA_BROKERS: inject('kafkaBrokers'),
      ORDERS_TOPIC: uniqueName('orders'),
      HTTP_MAX_CONNECTIONS: '2',
      HEALTH_PORT: '0',
    });
    const base = /http:\/\/127\.0\.0\.1:\d+/.exec(await api.waitForLine(/Server listening at/))![0];
    const health = /"health":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(await api.waitForLine(/order-api started/))![1]!;
    await api.waitForLine(/ready for orders/);
    const { port } = new URL(base);
    const held = [await openConnection(port), await openConnection(port)];
    // Off the orders port: a probe there gets what any unknown path gets.
    for (const connection of held) expect(await connection.get('/health/live')).toMatch(/^HTTP\/1\.1 404 /);
    expect(await (await openConnection(port)).get('/health/live')).toBe('');

    const probe = await openConnection(new URL(health).port);
    expect(await probe.get('/health/ready')).toMatch(/^HTTP\/1\.1 200 /);
    const metrics = await scrape(probe);
    expect(sampleValue(metrics, 'http_connections_refused_total')).toBe(1);
    expect(sampleValue(metrics, 'http_connections_open')).toBe(2);
    for (const connection of [...held, probe]) connection.socket.destroy();
    expect(await api.stop('SIGTERM')).toBe(0);
  });

  it('should turn unready on HEALTH_PORT at SIGTERM, still take the order it is receiving, then exit 0', async () => {
    const api = start({ KAFKA_BROKERS: inject('kafkaBrokers'), ORDERS_TOPIC: uniqueName('orders'), HEALTH_PORT: '0' });
    const base = /http:\/\/127\.0\.0\.1:\d+/.exec(await api.waitForLine(/Server listening at/))![0];
    const health = /"health":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(await api.waitForLine(/order-api started/))![1]!;
    await api.waitForLine(/ready for orders/);
    const probe = await openConnection(new URL(health).port);
    expect(await probe.get('/health/ready')).toMatch(/^HTTP\/1\.1 200 /);
    // An order whose body is still on its way holds the shutdown: not all orders are done.
    const order = await startPost(new URL(base).port, '/orders', JSON.stringify(SAMPLE_ORDER));

    api.child.kill('SIGTERM');
    await api.waitForLine(/Shutting down: finishing in-flight orders/);
    const unready = await probe.get('/health/ready');
    expect(unready).toMatch(/^HTTP\/1\.1 503 /);
    expect(JSON.parse(unready.slice(unready.indexOf('\r\n\r\n') + 4))).toMatchObject({
      status: 'unavailable',
      checks: { accepting: false, kafkaProducer: true },
    });
    expect(await order.finish()).toMatch(/^HTTP\/1\.1 202 /);
    expect(await api.exited).toBe(0);
  });

  it('should take an order, then on SIGTERM stop and exit 0', async () => {
    const api = start({ KAFKA_BROKERS: inject('kafkaBrokers'), ORDERS_TOPIC: uniqueName('orders') });
    const listening = await api.waitForLine(/Server listening at http:\/\/127\.0\.0\.1:\d+/);
    const base = /http:\/\/127\.0\.0\.1:\d+/.exec(listening)![0];
    await api.waitForLine(/ready for orders/);
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
    // Its listen queue, as the kernel reports it (Send-Q of a listening socket): a burst of
    // connections waits there instead of having its SYNs dropped.
    const port = new URL(base).port;
    const queue = execFileSync('ss', ['-Hltn', `sport = :${port}`], { encoding: 'utf8' });
    const somaxconn = Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8'));
    expect(queue.trim().split(/\s+/)[2], queue).toBe(String(Math.min(LISTEN_BACKLOG, somaxconn)));
    const response = await postOrder(base);
    expect(response.status).toBe(202);
    expect(await api.stop('SIGTERM')).toBe(0);
    expect(api.lines.some((line) => line.includes('"msg":"Stopped"'))).toBe(true);
    expect(findCardDataInLines(api.lines, SAMPLE_ORDER)).toEqual([]);
    // A first start creates its topics: kafkajs's retried "does not host this topic-partition"
    // answers are expected on the way and must not read as warnings.
    expect(api.lines.filter((line) => /"level":(40|50|60)/.test(line) && line.includes('"msg":"Response '))).toEqual([]);
  });
});

/** GET /metrics on a connection of `openConnection`, parsed. */
async function scrape(connection: Awaited<ReturnType<typeof openConnection>>): Promise<ReturnType<typeof parsePrometheus>> {
  const answer = await connection.get('/metrics');
  return parsePrometheus(answer.slice(answer.indexOf('\r\n\r\n') + 4));
}

/**
 * A JSON POST that order-api has begun to take (it answered the headers' `Expect: 100-continue`),
 * sent all but its last byte; `finish` sends that byte and gives the answer once the server closed.
 */
async function startPost(port: string, path: string, body: string): Promise<{ finish(): Promise<string> }> {
  const socket = connect(Number(port), '127.0.0.1');
  socket.setEncoding('latin1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let answer = '';
  socket.on('data', (chunk: string) => (answer += chunk));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined);
  const bytes = Buffer.from(body);
  socket.write(
    `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${bytes.length}\r\n` +
      'expect: 100-continue\r\nconnection: close\r\n\r\n',
  );
  // Until the server has read the headers, a shutdown would drop the connection as an idle one.
  await new Promise<void>((resolve, reject) => {
    const interim = () => {
      if (answer.includes('\r\n\r\n')) {
        socket.off('data', interim).off('close', gone);
        resolve();
      }
    };
    const gone = () => reject(new Error(`closed before 100 Continue: ${answer}`));
    socket.on('data', interim).once('close', gone);
  });
  expect(answer).toMatch(/^HTTP\/1\.1 100 /);
  answer = '';
  socket.write(bytes.subarray(0, -1));
  return {
    finish: async () => {
      // Not end(): a half-closed request is an aborted one to Node's HTTP server.
      socket.write(bytes.subarray(-1));
      await closed;
      return answer;
    },
  };
}

/** A keep-alive connection of its own, to GET paths on one at a time. */
async function openConnection(port: string): Promise<{ socket: Socket; get(path: string): Promise<string> }> {
  const socket = connect(Number(port), '127.0.0.1');
  socket.setEncoding('latin1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let closed = false;
  socket.once('close', () => (closed = true));
  socket.on('error', () => undefined);
  return {
    socket,
    /** The whole answer; '' when the connection closed without one (or was already closed). */
    get: (path) =>
      new Promise((resolve) => {
        if (closed) return resolve('');
        let answer = '';
        const onData = (chunk: string) => {
          answer += chunk;
          const head = answer.indexOf('\r\n\r\n');
          const length = /\r\ncontent-length: *(\d+)/i.exec(answer)?.[1];
          if (head >= 0 && length !== undefined && answer.length >= head + 4 + Number(length)) done();
        };
        const done = () => {
          socket.off('data', onData).off('close', done);
          resolve(answer);
        };
        socket.on('data', onData).once('close', done);
        socket.write(`GET ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n`);
      }),
  };
}
