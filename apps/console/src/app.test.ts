import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { newId, Secret, toOrderPlaced, TacoOrder, type OrderPlaced, type ReplayReport, type TailRecord } from '@tacocloud/messaging';
import { findCardData, SAMPLE_ORDER, waitFor } from '@tacocloud/messaging/testing';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { CSRF_HEADER, OperatorAccess } from './access.js';
import { buildApp } from './app.js';
import { orderView } from './views.js';

const TOKEN = 'a-long-enough-operator-token';
const CARD = { ccNumber: SAMPLE_ORDER.ccNumber, ccCVV: SAMPLE_ORDER.ccCVV };
const REPORT: ReplayReport = {
  replayed: 1,
  unreadable: 0,
  alreadyReplayed: 0,
  olderThanSince: 0,
  noOriginalTopic: 0,
  cutDown: 0,
  notChosen: 0,
};

function record(offset: string): TailRecord<OrderPlaced> {
  const event = toOrderPlaced(TacoOrder.parse(SAMPLE_ORDER), { orderId: newId(), placedAt: new Date() }, 2);
  return { topic: 'orders', partition: 1, offset, timestamp: new Date().toISOString(), value: event };
}

describe('console app', () => {
  const apps: FastifyInstance[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  const build = async (token: string | null = TOKEN, maxLiveStreams?: number, report: ReplayReport = REPORT) => {
    const watchers = new Set<(record: TailRecord<OrderPlaced>) => void>();
    const replays: unknown[] = [];
    const { app, streams } = await buildApp({
      access: new OperatorAccess(token === null ? undefined : new Secret(token)),
      orders: {
        recent: () => [record('7')],
        watch: (watcher) => (watchers.add(watcher), () => watchers.delete(watcher)),
      },
      operations: {
        snapshot: async () => ({ at: '', group: 'g', topic: 'orders', partitions: [], totalLag: '0', members: [], replicas: [] }),
      },
      deadLetters: {
        // As if the DLT held 12 letters older than the newest ones a listing reads.
        list: async () => ({ letters: [], unread: 12 }),
        replay: async (letters) => (replays.push(letters), report),
      },
      readiness: () => ({ ordersConsumer: true }),
      publicDir: fileURLToPath(new URL('../public/', import.meta.url)),
      ...(maxLiveStreams !== undefined && { maxLiveStreams }),
    });
    apps.push(app);
    return { app, streams, watchers, replays };
  };

  const buildTrusting = async (trustProxy: string) => {
    const { app } = await buildApp({
      access: new OperatorAccess(new Secret(TOKEN)),
      orders: { recent: () => [], watch: () => () => undefined },
      operations: {
        snapshot: async () => ({ at: '', group: 'g', topic: 'orders', partitions: [], totalLag: '0', members: [], replicas: [] }),
      },
      deadLetters: { list: async () => ({ letters: [], unread: 0 }), replay: async () => REPORT },
      readiness: () => ({ ordersConsumer: true }),
      publicDir: fileURLToPath(new URL('../public/', import.meta.url)),
      trustProxy,
    });
    apps.push(app);
    return { app };
  };

  const login = async (app: FastifyInstance) => {
    const response = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { host: 'console.test', origin: 'http://console.test', 'content-type': 'application/x-www-form-urlencoded' },
      payload: `token=${TOKEN}`,
    });
    const cookie = String(response.headers['set-cookie']).split(';')[0]!;
    const { csrfToken } = (await app.inject({ url: '/api/session', headers: { cookie } })).json() as { csrfToken: string };
    return { response, cookie, csrfToken };
  };

  it('console app should serve the live page and the recent orders without a token, with no card data', async () => {
    const { app } = await build();
    const page = await app.inject({ url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(page.headers['content-security-policy']).not.toMatch(/unsafe-inline/);
    expect(page.body).not.toMatch(/<script>|\son[a-z]+=/);
    const orders = await app.inject({ url: '/api/orders' });
    expect(orders.json().orders[0].order.deliveryName).toBe(SAMPLE_ORDER.deliveryName);
    expect(findCardData(orders.json(), CARD)).toEqual([]);
    expect(JSON.stringify(orders.json())).not.toMatch(/payment|cardLast4|cardExpiration/);
  });

  it('console app should refuse the operator API without the token and disable it when none is configured', async () => {
    const { app } = await build();
    expect((await app.inject({ url: '/api/operations' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/operations', headers: { authorization: 'Bearer wrong-token-of-some-length' } })).statusCode).toBe(
      401,
    );
    expect((await app.inject({ url: '/api/operations', headers: { authorization: `Bearer ${TOKEN}` } })).statusCode).toBe(200);
    expect((await app.inject({ url: '/operations' })).headers.location).toBe('/login');

    const { app: disabled } = await build(null);
    expect((await disabled.inject({ url: '/api/operations', headers: { authorization: `Bearer ${TOKEN}` } })).statusCode).toBe(503);
    const page = await disabled.inject({ url: '/operations' });
    expect(page.statusCode).toBe(503);
    expect(page.body).toContain('CONSOLE_OPERATOR_TOKEN');
  });

  // Found by a hostile review: Bearer guesses were neither counted nor logged, and the login
  // form's limit was one for all clients, so one guesser could lock the operator out.
  it('console app should limit wrong tokens per client, at the form and as Bearer alike, without locking out other clients', async () => {
    const { app } = await build();
    const asClient = (remoteAddress: string, token: string) =>
      app.inject({ url: '/api/operations', remoteAddress, headers: { authorization: `Bearer ${token}` } });
    for (let i = 0; i < 10; i++) expect((await asClient('203.0.113.7', `guess-${i}-wrong-token`)).statusCode).toBe(401);
    const limited = await asClient('203.0.113.7', TOKEN);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('60');
    const form = await app.inject({
      method: 'POST',
      url: '/login',
      remoteAddress: '203.0.113.7',
      headers: { host: 'console.test', origin: 'http://console.test', 'content-type': 'application/x-www-form-urlencoded' },
      payload: `token=${TOKEN}`,
    });
    expect(form.headers.location).toBe('/login?failed=busy');
    expect((await asClient('198.51.100.2', TOKEN)).statusCode).toBe(200);
    expect((await login(app)).response.headers.location).toBe('/operations');

    // An IPv6 host holds its /64: another address in it is the same client.
    for (let i = 0; i < 10; i++) expect((await asClient(`2001:db8:1:2::${i + 1}`, `guess-${i}-wrong-token`)).statusCode).toBe(401);
    expect((await asClient('2001:db8:1:2:ffff::9', TOKEN)).statusCode).toBe(429);
    expect((await asClient('2001:db8:1:3::1', TOKEN)).statusCode).toBe(200);
  });

  // Found by a hostile review: 20 addresses sending 10 wrong tokens each locked the operator out.
  it('console app should let the right token in however many clients sent wrong ones', async () => {
    const { app } = await build();
    const asClient = (remoteAddress: string, token: string) =>
      app.inject({ url: '/api/operations', remoteAddress, headers: { authorization: `Bearer ${token}` } });
    for (let client = 1; client <= 30; client++) {
      for (let i = 0; i < 10; i++) expect((await asClient(`192.0.2.${client}`, `guess-${i}-wrong-token`)).statusCode).toBe(401);
    }
    expect((await asClient('198.51.100.2', TOKEN)).statusCode).toBe(200);
    expect((await login(app)).response.headers.location).toBe('/operations');
  });

  // Found by a hostile review: behind a proxy that ends TLS the session cookie was never Secure.
  it('console app should believe X-Forwarded-Proto and -For from a trusted proxy only', async () => {
    const { app } = await buildTrusting('127.0.0.1');
    const viaProxy = (remoteAddress: string) =>
      app.inject({
        method: 'POST',
        url: '/login',
        remoteAddress,
        headers: {
          host: 'console.test',
          origin: 'https://console.test',
          'x-forwarded-proto': 'https',
          'x-forwarded-for': '198.51.100.9',
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: `token=${TOKEN}`,
      });
    expect(String((await viaProxy('127.0.0.1')).headers['set-cookie'])).toMatch(/; Secure$/);
    expect(String((await viaProxy('203.0.113.5')).headers['set-cookie'])).not.toMatch(/Secure/);

    // Found by a hostile review: a proxy that sends its upstream's address as Host (nginx's
    // default) made every login a cross-site one; the public host is in X-Forwarded-Host.
    const rewritten = (remoteAddress: string) =>
      app.inject({
        method: 'POST',
        url: '/login',
        remoteAddress,
        headers: {
          host: '127.0.0.1:8090',
          origin: 'https://console.example.com',
          'x-forwarded-host': 'console.example.com',
          'x-forwarded-proto': 'https',
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: `token=${TOKEN}`,
      });
    expect((await rewritten('127.0.0.1')).headers.location).toBe('/operations');
    expect((await rewritten('203.0.113.5')).statusCode).toBe(403);
  });

  it('console app should serve the group lag per partition at /metrics to the operator token only', async () => {
    const { app } = await build();
    expect((await app.inject({ url: '/metrics' })).statusCode).toBe(401);
    const metrics = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(metrics.body).toContain('# TYPE kafka_consumergroup_lag gauge');
  });

  it('console app should log in through the form with an HttpOnly SameSite=Strict cookie, and refuse a cross-site login', async () => {
    const { app } = await build();
    const { response, cookie } = await login(app);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/operations');
    expect(response.headers['set-cookie']).toMatch(/HttpOnly; SameSite=Strict/);
    expect((await app.inject({ url: '/operations', headers: { cookie } })).statusCode).toBe(200);

    const wrong = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { host: 'console.test', origin: 'http://console.test', 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'token=not-the-token',
    });
    expect(wrong.headers.location).toBe('/login?failed=token');
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const crossSite = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { host: 'console.test', origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      payload: `token=${TOKEN}`,
    });
    expect(crossSite.statusCode).toBe(403);
  });

  it('console app should replay with the session only given its CSRF token from the same origin', async () => {
    const { app, replays } = await build();
    const { cookie, csrfToken } = await login(app);
    const replay = (headers: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: '/api/dead-letters/replay',
        headers: { host: 'console.test', 'content-type': 'application/json', cookie, ...headers },
        payload: { letters: [{ partition: 0, offset: '3' }] },
      });
    expect((await replay({})).statusCode).toBe(403);
    expect((await replay({ [CSRF_HEADER]: 'guessed' })).statusCode).toBe(403);
    expect((await replay({ [CSRF_HEADER]: csrfToken, origin: 'https://evil.example' })).statusCode).toBe(403);
    expect(replays).toEqual([]);
    const done = await replay({ [CSRF_HEADER]: csrfToken, origin: 'http://console.test' });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({ ...REPORT, notFound: 0 });
    expect(replays).toEqual([[{ partition: 0, offset: '3' }]]);
  });

  it('console app should bound a replay selection and accept a bearer token without a CSRF token', async () => {
    const { app, replays } = await build();
    const replay = (count: number) =>
      app.inject({
        method: 'POST',
        url: '/api/dead-letters/replay',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        payload: { letters: Array.from({ length: count }, (_, i) => ({ partition: 0, offset: String(i) })) },
      });
    expect((await replay(101)).statusCode).toBe(400);
    expect((await replay(0)).statusCode).toBe(400);
    expect((await replay(100)).statusCode).toBe(200);
    expect(replays).toHaveLength(1);
  });

  it('console app should list the dead letters with how many older ones were not read, and refuse a bad filter', async () => {
    const { app } = await build();
    const list = (query: string) =>
      app.inject({ method: 'GET', url: `/api/dead-letters${query}`, headers: { authorization: `Bearer ${TOKEN}` } });
    const listed = await list('?since=2026-12-01T00:00:00Z');
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toEqual({ letters: [], unread: 12 });
    expect((await list('?since=yesterday')).statusCode).toBe(400);
  });

  it('console app should answer 404 when none of the letters to replay is in the DLT', async () => {
    const nothing: ReplayReport = {
      replayed: 0,
      unreadable: 0,
      alreadyReplayed: 0,
      olderThanSince: 0,
      noOriginalTopic: 0,
      cutDown: 0,
      notChosen: 3,
    };
    const { app } = await build(TOKEN, undefined, nothing);
    const response = await app.inject({
      method: 'POST',
      url: '/api/dead-letters/replay',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      payload: { letters: [{ partition: 0, offset: '999' }] },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: 'None of these letters is in the dead-letter topic.', notFound: 1 });
  });

  it('console app should stream new orders as server-sent events and end the stream on close', async () => {
    const { app, streams, watchers } = await build();
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const response = await fetch(`${base}/api/orders/stream`);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    await waitFor(() => watchers.size === 1, { message: 'the stream watching the orders' });
    const next = record('8');
    for (const watcher of watchers) watcher(next);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes('event: order')) text += (await reader.read()).value ?? '';
    while (!text.endsWith('\n\n')) text += (await reader.read()).value ?? '';
    const data = /data: (.*)\n\n$/.exec(text)![1]!;
    expect(JSON.parse(data)).toEqual(orderView(next));

    await app.close();
    expect(streams.size).toBe(0);
    expect(watchers.size).toBe(0);
    while (!(await reader.read()).done);
  });

  it('console app should refuse live streams beyond its bound with 503 and Retry-After, and take one again once a stream ends', async () => {
    const { app, streams } = await build(TOKEN, 2);
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const first = new AbortController();
    const open = [await fetch(`${base}/api/orders/stream`, { signal: first.signal }), await fetch(`${base}/api/orders/stream`)];
    expect(open.map((response) => response.status)).toEqual([200, 200]);

    const refused = await fetch(`${base}/api/orders/stream`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(((await refused.json()) as { error: string }).error).toMatch(/2 live streams at most/);

    first.abort();
    await waitFor(() => streams.size === 1, { message: 'the aborted stream ended' });
    expect((await fetch(`${base}/api/orders/stream`)).status).toBe(200);
  });

  // Found by a hostile review: one script held all 200 slots and every other client got 503.
  it('console app should refuse an eleventh live stream from one client address with 429, and take one again once one ends', async () => {
    const { app, streams } = await build();
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const first = new AbortController();
    const open = [await fetch(`${base}/api/orders/stream`, { signal: first.signal })];
    for (let i = 1; i < 10; i++) open.push(await fetch(`${base}/api/orders/stream`));
    expect(open.map((response) => response.status)).toEqual(Array(10).fill(200));
    const refused = await fetch(`${base}/api/orders/stream`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('30');
    first.abort();
    await waitFor(() => streams.size === 9, { message: 'the aborted stream ended' });
    expect((await fetch(`${base}/api/orders/stream`)).status).toBe(200);
  });

  it('console app should end the stream of a client that reads nothing, instead of buffering for it without bound', async () => {
    const { app, streams, watchers } = await build();
    const base = new URL(await app.listen({ host: '127.0.0.1', port: 0 }));
    const socket = connect(Number(base.port), base.hostname);
    socket.write(`GET /api/orders/stream HTTP/1.1\r\nHost: ${base.host}\r\n\r\n`);
    socket.pause();
    await waitFor(() => watchers.size === 1, { message: 'the stream watching the orders' });
    const big = record('9');
    for (let i = 0; watchers.size > 0 && i < 100_000; i++) for (const watcher of watchers) watcher(big);
    expect(watchers.size).toBe(0);
    await waitFor(() => streams.size === 0, { message: 'the stuck stream ended' });
    socket.destroy();
  });
});
