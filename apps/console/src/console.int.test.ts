// The console in a real browser (Debian's chromium, headless) against real processes: an
// order posted to order-api appears on the live page; with the listener stopped, orders show
// as lag on the operations page, in the console's /metrics (read with Prometheus's own parser)
// and in `npm run kafka -- lag`, and back to 0 once a listener runs again; a poison record shows
// in the DLT view; replayed, it goes back to the orders topic and a listener gets it again.
import { fileURLToPath } from 'node:url';
import { deadLetterTopicOf, DltHeaders, orderIdForIdempotencyKey, ordersTopic, partitionFor, REPLAYED_FROM } from '@tacocloud/messaging';
import {
  createTopics,
  findCardData,
  parsePrometheus,
  postOrder,
  produceRaw,
  readRecords,
  runTypeScript,
  SAMPLE_ORDER,
  testKafka,
  topicSize,
  uniqueName,
  waitFor,
  type RunningProcess,
} from '@tacocloud/messaging/testing';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const TOKEN = 'operator-token-for-the-browser-test';
const CARD = { ccNumber: SAMPLE_ORDER.ccNumber, ccCVV: SAMPLE_ORDER.ccCVV };
/**
 * A poison record that is a card number: JSON.parse's error quotes a short input whole, so
 * the letter's error header holds the number, and the DLT view must show the error without it.
 */
const POISON = `x ${SAMPLE_ORDER.ccNumber}`;

describe('console in a browser', () => {
  const brokers = inject('kafkaBrokers');
  const kafka = testKafka(brokers);
  const topic = ordersTopic({ name: uniqueName('orders'), partitions: 3 });
  const dlt = deadLetterTopicOf(topic).name;
  const env = {
    KAFKA_BROKERS: brokers,
    ORDERS_TOPIC: topic.name,
    ORDERS_TOPIC_PARTITIONS: '3',
    ORDER_LISTENER_GROUP: uniqueName('kitchen'),
    LOG_LEVEL: 'info',
  };
  const processes: RunningProcess[] = [];
  let browser: Browser;
  let page: Page;
  let api: string;
  let consoleUrl: string;
  let firstListener: RunningProcess;

  const start = (entry: string, extra: NodeJS.ProcessEnv) => {
    const running = runTypeScript(entry, { ...env, ...extra }, root);
    processes.push(running);
    return running;
  };
  const startListener = () => start('apps/order-listener/src/main.ts', { HEALTH_PORT: '0', HOST: '127.0.0.1' });
  const urlIn = async (process: RunningProcess, pattern: RegExp, field: string) =>
    JSON.parse(await process.waitForLine(pattern))[field] as string;
  const placeOrder = async (idempotencyKey?: string): Promise<string> => {
    const response = await postOrder(api, idempotencyKey ? { 'idempotency-key': idempotencyKey } : {});
    expect(response.status).toBe(202);
    return ((await response.json()) as { orderId: string }).orderId;
  };
  const pageText = () => page.evaluate(() => document.body.innerText);
  /**
   * An Idempotency-Key whose order lands on `partition`: the order id (the record key) follows from
   * the key, publicly for keys with too few digits to pass for a card number (no secret used).
   */
  const keyForPartition = (partition: number): string => {
    for (let i = 0; ; i++) {
      const key = `partition-${partition}-${i}`;
      if (partitionFor(topic.name, orderIdForIdempotencyKey(key, SAMPLE_ORDER, Buffer.alloc(0)), 3) === partition) return key;
    }
  };
  /** The group's lag summed over partitions: from the console's /metrics, and from `npm run kafka -- lag`. */
  const lagInMetrics = async () => {
    const response = await fetch(`${consoleUrl}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    const samples = parsePrometheus(await response.text()).filter((sample) => sample.name === 'kafka_consumergroup_lag');
    return samples.reduce((sum, sample) => sum + sample.value, 0);
  };
  const lagInTool = async () => {
    const tool = runTypeScript('tools/kafka/src/cli.ts', { KAFKA_BROKERS: brokers }, root, [
      'lag',
      '--group',
      env.ORDER_LISTENER_GROUP,
      '--json',
    ]);
    expect(await tool.exited).toBe(0);
    const rows = JSON.parse(tool.lines.join('')) as { topic: string; lag: string | null }[];
    return rows.filter((row) => row.topic === topic.name).reduce((sum, row) => sum + Number(row.lag ?? Number.NaN), 0);
  };

  beforeAll(async () => {
    await createTopics(kafka, [topic, deadLetterTopicOf(topic)]);
    const orderApi = start('apps/order-api/src/main.ts', { PORT: '0', HOST: '127.0.0.1', HEALTH_PORT: undefined });
    const listener = startListener();
    firstListener = listener;
    const health = await urlIn(listener, /order-listener started/, 'health');
    const consoleApp = start('apps/console/src/main.ts', {
      CONSOLE_PORT: '0',
      HOST: '127.0.0.1',
      CONSOLE_OPERATOR_TOKEN: TOKEN,
      CONSOLE_GROUP: uniqueName('console'),
      LISTENER_METRICS_URLS: `${health}/metrics`,
    });
    consoleUrl = await urlIn(consoleApp, /console started/, 'url');
    api = /http:\/\/127\.0\.0\.1:\d+/.exec(await orderApi.waitForLine(/Server listening at http:\/\/127\.0\.0\.1/))![0];
    await Promise.all([
      orderApi.waitForLine(/ready for orders/),
      consoleApp.waitForLine(/Reading the orders topic: ready/),
      listener.waitForLine(/"assignment":\{/),
    ]);
    // Debian's chromium, driven over the DevTools protocol; as root (CI) it needs --no-sandbox,
    // and in a container /dev/shm may be too small for it.
    browser = await puppeteer.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless=new', '--no-sandbox', '--disable-dev-shm-usage'],
    });
    page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    // Three apps starting on two cores shared with other test files.
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(processes.map((p) => p.stop('SIGKILL')));
  });

  it('the live page should show a posted order with its tacos and no card data', async () => {
    await page.goto(consoleUrl);
    await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('Live'));
    const orderId = await placeOrder();
    const card = await page.waitForSelector(`li[data-order-id="${orderId}"]`, { timeout: 20_000 });
    const text = await card!.evaluate((node) => (node as HTMLElement).innerText);
    expect(text).toContain(SAMPLE_ORDER.deliveryName);
    expect(text).toContain('Carnivore Supreme');
    expect(text).toContain('Flour Tortilla, Ground Beef, Carnitas, Cheddar, Salsa');
    expect(findCardData(await pageText(), CARD)).toEqual([]);
    expect(findCardData(await (await fetch(`${consoleUrl}/api/orders`)).json(), CARD)).toEqual([]);
  });

  it('the operations page should show orders as lag while the listener is stopped', async () => {
    await page.goto(`${consoleUrl}/operations`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.type('#token', TOKEN);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    expect(new URL(page.url()).pathname).toBe('/operations');
    // One order on each partition, handled: every partition has a committed offset, no lag.
    for (const partition of [0, 1, 2]) await placeOrder(keyForPartition(partition));
    await page.waitForFunction(
      () =>
        document.querySelectorAll('#partitions [data-lag="0"]').length === 3 && document.querySelector('#total-lag')?.textContent === '0',
      { timeout: 20_000 },
    );
    expect(await page.$eval('#replicas', (table) => (table as HTMLElement).innerText)).toMatch(/\/metrics\s+up/);

    expect(await firstListener.stop('SIGTERM')).toBe(0);
    for (let i = 0; i < 3; i++) await placeOrder();
    await page.waitForFunction(() => document.querySelector('#total-lag')?.textContent === '3', { timeout: 20_000 });
    expect(await page.$$eval('#partitions td.behind', (cells) => cells.length)).toBeGreaterThan(0);
    expect(await lagInMetrics()).toBe(3);
    expect(await lagInTool()).toBe(3);

    const restarted = startListener();
    await waitFor(async () => (await lagInMetrics()) === 0, {
      timeoutMs: 30_000,
      intervalMs: 500,
      message: 'the lag back to 0 in /metrics',
    });
    expect(await lagInTool()).toBe(0);
    expect(await restarted.stop('SIGTERM')).toBe(0);
  });

  it('a poison record should show in the DLT view and go back to a listener when replayed', async () => {
    await produceRaw(kafka, topic.name, [
      { key: 'poison', value: POISON, headers: { 'message-type': 'OrderPlaced', 'message-version': '1' } },
    ]);
    const listener = startListener();
    await waitFor(async () => (await topicSize(kafka, dlt)) === 1, { message: 'the poison record dead-lettered' });

    await page.click('#dlt-filter button[type=submit]');
    const row = await page.waitForSelector('#letters tr[data-reason="not-json"]', { timeout: 20_000 });
    const text = await row!.evaluate((node) => (node as HTMLElement).innerText);
    const letterId = await row!.evaluate((node) => node.getAttribute('data-letter')!);
    expect(text).toContain(topic.name);
    expect(text).toContain('waiting');
    expect(text).toContain('[card number removed]');
    expect(findCardData(await pageText(), CARD)).toEqual([]);

    await row!.$eval('input[type=checkbox]', (box) => (box as HTMLInputElement).click());
    await page.click('#replay');
    await page.waitForSelector('#confirm[open]');
    await page.click('#confirm button[value=replay]');
    await page.waitForFunction(
      () =>
        document.getElementById('dlt-status')?.textContent ===
        'Replayed 1 letter(s). 1 of them could not be read by the listener: they come back unless it or their producer changed.',
    );

    // Back on the orders topic with the replay header, where the running listener gets it
    // again (and, still poison, dead-letters it once more).
    // On the orders topic: 7 orders, the poison record and its replay.
    const replayed = (await readRecords(kafka, topic.name, 9)).find((record) => record.headers[REPLAYED_FROM]);
    expect(replayed).toMatchObject({ key: 'poison', headers: { [REPLAYED_FROM]: `${dlt}:${letterId}` } });
    const letters = await readRecords(kafka, dlt, 2);
    expect(letters.map((letter) => letter.headers[DltHeaders.originalOffset])).toContain(replayed!.offset);
    await page.click('#dlt-filter button[type=submit]');
    await page.waitForFunction(() => document.querySelectorAll('#letters tbody tr').length === 2);
    expect(await page.$eval(`#letters tr[data-letter="${letterId}"]`, (node) => (node as HTMLElement).innerText)).toContain('replayed');
    await listener.stop('SIGTERM');
  });
});
