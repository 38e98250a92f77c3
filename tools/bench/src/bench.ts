// The whole benchmark: producers, HTTP, consumers, end to end and memory, each against
// Kafka's own tools or a stub on the same broker in the same run; then the report.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, release, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaVersion, startCluster, stopCluster } from '@tacocloud/kafka-tools';
import {
  applyKafkaJsPatches,
  createKafkaClient,
  deadLetterTopicOf,
  ensureTopics,
  LOW_MEMORY_FETCH,
  ordersTopic,
  silentLogger,
  type OrdersTopic,
} from '@tacocloud/messaging';
import { runTypeScript, SAMPLE_ORDER, uniqueName } from '@tacocloud/messaging/testing';
import {
  decodeAndValidate,
  fillTopic,
  listener,
  parseValue,
  rawEachBatch,
  rawKafkajsProducer,
  typedProducer,
  typedProducerPrebuilt,
} from './clients.js';
import { endToEnd } from './e2e.js';
import { httpFiguresInterleaved, warmUpUnderAutocannon, type HttpFigures } from './http.js';
import { oneAtATime } from './load-generator.js';
import { consumerPerformance, producerPerformance } from './java-perf.js';
import { writePayloadFile } from './payload.js';
import { peerPhases, type PeerReport } from './peers.js';
import { autocannon, buildApps, CPU, peakRssMb, pinnedAsShipped, startApp, workspaceRoot, type AppUnderTest } from './processes.js';
import { summarizeProfiles } from './profile.js';
import { E2E_P99_GOAL_MS, LARGER_FETCH, LISTENER_GOAL, renderMarkdown, type Report, type Target } from './report.js';
import type { Scale } from './scale.js';
import { measure, measureInterleaved, ratio } from './stats.js';
import { observabilityCost } from './observability.js';
import { phases } from './progress.js';

export interface BenchOptions {
  scale: Scale;
  /** Use this cluster; otherwise a fresh local broker is started for the run. */
  brokers?: string;
  outDir: string;
  log: (line: string) => void;
  /** Measure the Spring Boot and NestJS peers beside our apps (default true). */
  peers?: boolean;
}

const BENCH_CLUSTER = 'bench';
const ORDER_API = 'apps/order-api/src/main.ts';
const ORDER_LISTENER = 'apps/order-listener/src/main.ts';
/** A TypedListener with a no-op handler in a process of its own: order-listener's baseline. */
const NOOP_LISTENER = 'tools/bench/src/noop-listener-main.ts';
/** order-api on an in-memory OrderMessagingService: the HTTP cost without Kafka. */
const ORDER_API_STUB = 'apps/order-api/src/stub-main.ts';
/** Fastify alone, answering 202 without validation, hooks or Kafka: the HTTP stack's own cost. */
const BARE_FASTIFY = 'tools/bench/src/bare-fastify-main.ts';

export async function runBench({ scale, brokers: given, outDir, log, peers = true }: BenchOptions): Promise<Report> {
  // Raw kafkajs and our clients share one kafkajs in this process: the same fixes for both. Only our
  // clients' consumers decode record batches with the library's decoder (kafka/kafkajs-patches.ts).
  applyKafkaJsPatches();
  log('building the apps as their image does (tsc)');
  buildApps();
  const broker = given ? { bootstrap: given, gcLog: undefined, pid: undefined } : await startBroker(log);
  const brokers = broker.bootstrap;
  const work = mkdtempSync(join(tmpdir(), 'tacocloud-bench-'));
  try {
    const kafka = createKafkaClient({ brokers: brokers.split(','), clientId: 'bench', logger: silentLogger });
    const newTopic = async (name: string) => {
      // Written as order-api writes by default: the newest version, which listeners need not upcast.
      const topic = ordersTopic({ name: uniqueName(`bench-${name}`), partitions: 6, writeVersion: 2 });
      await ensureTopics(kafka, [topic, deadLetterTopicOf(topic)], silentLogger);
      return topic;
    };
    const payloadFile = join(work, 'payload.txt');
    const payloadBytes = writePayloadFile(payloadFile, 1_000);
    const profileDir = join(work, 'profile');
    const runs = scale.runs;
    const phase = phases(log);
    // Expected durations: each measured figure is a warm-up plus `runs` runs; records at the
    // rates a quiet 2-core machine reaches, plus start-up; HTTP and end-to-end runs are timed.
    const attempts = runs + 1;
    const recordsAt = (records: number, perSecond: number, startUpSeconds = 1) => attempts * (records / perSecond + startUpSeconds);
    // HTTP figures warm up until CPU per request settles: two warm-up runs, mostly.
    const httpRun = (runs + Math.min(2, scale.httpMaxWarmUpRuns)) * (scale.httpSeconds + 1);

    const producerPhase = await phase(
      'producers: ProducerPerformance, raw kafkajs, typed producer',
      recordsAt(scale.producerRecords, 45_000, 3) +
        ((scale.producerRuns + 1) / attempts) * (recordsAt(scale.producerRecords, 25_000) + 2 * recordsAt(scale.producerRecords, 22_000)),
      async () => {
        const perfTopic = await newTopic('perf');
        const producerPerf = await measure(runs, () => producerPerformance(brokers, perfTopic.name, scale.producerRecords, payloadFile));
        const rawTopic = await newTopic('raw');
        const typedTopic = await newTopic('typed');
        const { rawKafkajs, typed, typedPrebuilt } = await measureInterleaved(scale.producerRuns, {
          rawKafkajs: () => rawKafkajsProducer(brokers, rawTopic.name, scale.producerRecords),
          typed: () => typedProducer(brokers, typedTopic, scale.producerRecords),
          typedPrebuilt: () => typedProducerPrebuilt(brokers, typedTopic, scale.producerRecords),
        });
        return { producerPerf, rawKafkajs, typed, typedPrebuilt };
      },
    );
    const { producerPerf, rawKafkajs, typed, typedPrebuilt } = producerPhase;

    const httpTopic = await newTopic('http');
    const apiEnv = { KAFKA_BROKERS: brokers, ORDERS_TOPIC: httpTopic.name };
    const http = await phase(
      `HTTP: order-api at ${scale.httpConnections} and ${scale.httpManyConnections} connections, profiled, the in-memory stub at both, bare Fastify, then each one order at a time`,
      6 * httpRun + scale.httpSeconds + 20 + 3 * (scale.httpSeconds + scale.e2eWarmUpSeconds + 2),
      async () => {
        // All three up at once, taking turns run by run: measured one after another, a slow phase
        // of the machine once fell on the stub and bare Fastify alone and put the stub's CPU per
        // order above order-api's (docs/benchmarks.md, "Session 18").
        const api = await startOrderApi(apiEnv);
        const stub = await startApp(ORDER_API_STUB, {}, '/health/live');
        const bare = await startApp(BARE_FASTIFY, {}, '/health/live');
        const [apiApp, stubApp, bareApp] = [api, stub, bare].map(({ baseUrl, process }) => ({ baseUrl, pid: process.child.pid! }));
        const [orderApiFigures, stubApi, bareFastify] = await httpFiguresInterleaved([apiApp!, stubApp!, bareApp!], scale, runs);
        const [orderApiManyConnections, stubManyConnections] = await httpFiguresInterleaved(
          [apiApp!, stubApp!],
          { ...scale, httpConnections: scale.httpManyConnections },
          runs,
        );
        const orderApiPeakRssMb = peakRssMb(api.process.child.pid!);
        // Each app warm from autocannon, at the rate the end-to-end run at half capacity offers.
        const halfRate = halfOf(orderApiFigures!);
        const alone = [];
        for (const app of [apiApp!, stubApp!, bareApp!])
          alone.push(await oneAtATime(app.baseUrl, app.pid, halfRate, scale.httpSeconds, scale.e2eWarmUpSeconds));
        const [orderApiOne, stubOne, bareOne] = alone;
        await Promise.all([api, stub, bare].map(({ process }) => process.stop('SIGTERM')));
        const profiled = await startOrderApi(apiEnv, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]);
        await autocannon(`${profiled.baseUrl}/orders`, JSON.stringify(SAMPLE_ORDER), scale.httpConnections, scale.httpSeconds);
        await profiled.process.stop('SIGTERM');
        return {
          orderApi: orderApiFigures!,
          orderApiManyConnections: orderApiManyConnections!,
          orderApiPeakRssMb,
          stubApi: stubApi!,
          stubManyConnections: stubManyConnections!,
          bareFastify: bareFastify!,
          oneAtATime: { rate: halfRate, seconds: scale.httpSeconds, orderApi: orderApiOne!, stubApi: stubOne!, bareFastify: bareOne! },
        };
      },
    );
    const { orderApi, orderApiManyConnections, orderApiPeakRssMb, stubApi, stubManyConnections, bareFastify, oneAtATime: oneByOne } = http;
    const observability = await phase('HTTP: what metrics and tracing cost order-api', 4 * httpRun + 20, () =>
      observabilityCost((env) => startOrderApi({ ...apiEnv, ...env }), scale, runs),
    );

    const consumers = await phase(
      "consumers: ConsumerPerformance, raw eachBatch, TypedListener at its fetch sizes and at kafkajs's, the order-listener process at info, at warn and at warn with larger fetches, the no-op listener process",
      scale.consumerRecords / 20_000 +
        recordsAt(scale.consumerRecords, 90_000, 3) +
        recordsAt(scale.consumerRecords, 150_000, 2) +
        recordsAt(scale.consumerRecords, 70_000, 4) +
        2 * recordsAt(scale.consumerRecords, 100_000, 2) +
        recordsAt(scale.consumerRecords, 80_000, 2) +
        recordsAt(scale.consumerRecords, 45_000, 2) +
        recordsAt(scale.consumerRecords, 20_000, 6) +
        2 * recordsAt(scale.consumerRecords, 40_000, 6) +
        recordsAt(scale.consumerRecords, 50_000, 3),
      async () => {
        const filled = await newTopic('consume');
        await fillTopic(brokers, filled.name, scale.consumerRecords);
        const consumerPerf = await measure(runs, () => consumerPerformance(brokers, filled.name, scale.consumerRecords, uniqueName('cp')));
        const rawBatch = await measure(runs, () => rawEachBatch(brokers, filled.name, scale.consumerRecords, uniqueName('raw')));
        // Taking turns: the listener against raw kafkajs at kafkajs's fetch sizes (its defaults) and at order-listener's.
        const { rawBatchJson, rawBatchValidated, rawBatchJsonListenerFetch, typedListener, typedListenerLowMemoryFetch } =
          await measureInterleaved(runs, {
            rawBatchJson: () => rawEachBatch(brokers, filled.name, scale.consumerRecords, uniqueName('raw-json'), parseValue),
            // The floor for any listener that validates what it reads, at the same fetch sizes.
            rawBatchValidated: () =>
              rawEachBatch(brokers, filled.name, scale.consumerRecords, uniqueName('raw-validated'), decodeAndValidate(filled)),
            rawBatchJsonListenerFetch: () =>
              rawEachBatch(brokers, filled.name, scale.consumerRecords, uniqueName('raw-json-fetch'), parseValue, LOW_MEMORY_FETCH),
            typedListener: () => listener(brokers, filled, scale.consumerRecords, uniqueName('listener')),
            // The listener as order-listener fetches, like for like with the raw row above.
            typedListenerLowMemoryFetch: () =>
              listener(brokers, filled, scale.consumerRecords, uniqueName('listener-low-memory-fetch'), LOW_MEMORY_FETCH),
          });
        // The listener processes take turns too: measured one row after another, order-listener at
        // info, first after the in-process rows, ran 0.58x the no-op process in one full run and
        // 0.75x in a run of this phase alone (docs/benchmarks.md, "Session 22").
        const peakRssMb = { info: 0, warn: 0, largerFetch: 0 };
        const drain = async (
          entry: typeof ORDER_LISTENER | typeof NOOP_LISTENER,
          level: 'info' | 'warn',
          rss?: keyof typeof peakRssMb,
          env?: NodeJS.ProcessEnv,
        ) => {
          const drained = await listenerProcess(brokers, work, filled, scale.consumerRecords, entry, level, env);
          if (rss) peakRssMb[rss] = Math.max(peakRssMb[rss], drained.peakRssMb);
          return drained.rate;
        };
        const {
          atInfo: listenerAtInfo,
          atWarn: listenerAtWarn,
          atWarnLargerFetch: listenerAtWarnLargerFetch,
          noop: noopListenerProcess,
        } = await measureInterleaved(runs, {
          atInfo: () => drain(ORDER_LISTENER, 'info', 'info'),
          // The same process, core and timing without the line per order: what that line costs.
          atWarn: () => drain(ORDER_LISTENER, 'warn', 'warn'),
          // What the listener's smaller fetches cost and save, as it ships: twice as large, like for like.
          atWarnLargerFetch: () => drain(ORDER_LISTENER, 'warn', 'largerFetch', LARGER_FETCH_ENV),
          // order-listener's baseline: the listener alone, run and timed as order-listener is.
          noop: () => drain(NOOP_LISTENER, 'warn'),
        });
        const figures = {
          consumerPerformance: consumerPerf,
          rawEachBatch: rawBatch,
          rawEachBatchJson: rawBatchJson,
          rawEachBatchValidated: rawBatchValidated,
          rawEachBatchJsonListenerFetch: rawBatchJsonListenerFetch,
          listener: typedListener,
          listenerLowMemoryFetch: typedListenerLowMemoryFetch,
          noopListenerProcess,
          listenerAtInfo,
          listenerAtWarn,
          listenerAtWarnLargerFetch,
        } satisfies Report['consumers'];
        return {
          figures,
          listenerPeakRssMb: peakRssMb.info,
          listenerFetchRssMb: { atWarn: peakRssMb.warn, largerFetch: peakRssMb.largerFetch },
        };
      },
    );
    const { figures: consumerFigures, listenerPeakRssMb, listenerFetchRssMb } = consumers;

    const e2eTopic = await newTopic('e2e');
    const e2eApi = await startOrderApi({ KAFKA_BROKERS: brokers, ORDERS_TOPIC: e2eTopic.name });
    const e2eRun = (rate: number, group: string) =>
      endToEnd(
        e2eApi.baseUrl,
        brokers,
        e2eTopic,
        uniqueName(group),
        rate,
        scale.e2eSeconds,
        scale.e2eWarmUpSeconds,
        { orderApi: e2eApi.process.child.pid!, ...(broker.pid && { broker: broker.pid }) },
        broker.gcLog,
      );
    const e2eSeconds = scale.e2eSeconds + scale.e2eWarmUpSeconds + 5;
    const e2e = await phase(
      `end to end: order-api warmed up under autocannon, then ${scale.e2eRate} orders/s for ${scale.e2eSeconds} s`,
      e2eSeconds + 2 * (scale.httpSeconds + 1),
      async () => {
        // Warmed as the HTTP rows are, until its CPU per request settles: after 50,000 orders at
        // 1,000 to 4,000/s a fresh order-api still compiled hot paths, and at 5,500/s spent a fifth
        // more CPU an order than one warmed up under autocannon (docs/benchmarks.md, "Session 20").
        await warmUpUnderAutocannon(e2eApi.baseUrl, scale, e2eApi.process.child.pid!);
        return e2eRun(scale.e2eRate, 'e2e');
      },
    );
    const halfRate = halfOf(orderApi);
    const e2eAtHalf = await phase(
      `end to end: ${halfRate} orders/s (half of order-api's throughput) for ${scale.e2eSeconds} s`,
      e2eSeconds,
      () => e2eRun(halfRate, 'e2e-half'),
    );
    await e2eApi.process.stop('SIGTERM');

    const peerReport = peers
      ? await phase(
          'peers: order-api, Spring Boot and NestJS under autocannon, then their consumers draining a topic',
          3 * (httpRun + 20) + 3 * scale.runs * (scale.consumerRecords / 25_000 + 10),
          () => peerPhases({ brokers, scale, newTopic, log }),
        )
      : undefined;

    const report: Report = {
      generatedAt: new Date().toISOString(),
      scale: scale.name,
      machine: machine(),
      versions: versions(),
      settings: {
        runs,
        producerRuns: scale.producerRuns,
        producerRecords: scale.producerRecords,
        consumerRecords: scale.consumerRecords,
        payloadBytes,
        partitions: 6,
        httpConnections: scale.httpConnections,
        httpManyConnections: scale.httpManyConnections,
        httpSeconds: scale.httpSeconds,
        logLevel: 'warn',
        broker: given ? `given (${given})` : 'local single broker, started for the run',
      },
      producers: {
        producerPerformance: producerPerf,
        rawKafkajs,
        typedProducer: typed,
        typedPrebuilt,
        orderApi,
        orderApiManyConnections,
        stubApi,
        stubManyConnections,
        bareFastify,
        oneAtATime: oneByOne,
      },
      consumers: consumerFigures,
      endToEnd: e2e,
      endToEndAtHalf: e2eAtHalf,
      memory: { orderApiPeakRssMb, listenerPeakRssMb, listenerFetch: listenerFetchRssMb },
      ratios: {
        typedOverRawKafkajs: ratio(typed, rawKafkajs),
        rawKafkajsOverPerfTest: ratio(rawKafkajs, producerPerf),
        orderApiOverStub: ratio(orderApi.throughput, stubApi.throughput),
        orderApiOverStubManyConnections: ratio(orderApiManyConnections.throughput, stubManyConnections.throughput),
        stubOverBareFastify: ratio(stubApi.throughput, bareFastify.throughput),
        listenerOverRawEachBatch: ratio(consumerFigures.listener, consumerFigures.rawEachBatch),
        listenerOverRawEachBatchJson: ratio(consumerFigures.listener, consumerFigures.rawEachBatchJson),
        rawValidatedOverRawEachBatchJson: ratio(consumerFigures.rawEachBatchValidated, consumerFigures.rawEachBatchJson),
        listenerOverRawEachBatchValidated: ratio(consumerFigures.listener, consumerFigures.rawEachBatchValidated),
        listenerOverRawEachBatchJsonListenerFetch: ratio(
          consumerFigures.listenerLowMemoryFetch,
          consumerFigures.rawEachBatchJsonListenerFetch,
        ),
        listenerOverConsumerPerformance: ratio(consumerFigures.listener, consumerFigures.consumerPerformance),
        listenerAtInfoOverNoop: ratio(consumerFigures.listenerAtInfo, consumerFigures.noopListenerProcess),
        listenerAtInfoOverAtWarn: ratio(consumerFigures.listenerAtInfo, consumerFigures.listenerAtWarn),
      },
      targets: [],
      profile: summarizeProfiles(profileDir),
      observability,
      ...(peerReport && { peers: peerReport }),
    };
    report.targets = targets(report);
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(outDir, 'latest.md'), renderMarkdown(report));
    return report;
  } finally {
    if (!given) await stopCluster({ name: BENCH_CLUSTER });
  }
}

async function startBroker(
  log: (line: string) => void,
): Promise<{ bootstrap: string; gcLog: string | undefined; pid: number | undefined }> {
  log('starting a fresh local broker for the benchmark (CPU 1)');
  const cluster = await startCluster({
    name: BENCH_CLUSTER,
    basePort: 29800,
    fresh: true,
    ownerPid: process.pid,
    env: { ...process.env, KAFKA_CPU_AFFINITY: CPU.broker },
  });
  const [node] = cluster.nodes;
  return {
    bootstrap: cluster.bootstrap,
    gcLog: node && join(dirname(node.logFile), 'gc.log'),
    pid: node && Number(readFileSync(node.pidFile, 'utf8').trim()),
  };
}

/** order-listener's fetch limits at twice its defaults, as its variables set them. */
const LARGER_FETCH_ENV = {
  LISTENER_FETCH_MAX_BYTES: String(LARGER_FETCH.maxBytes),
  LISTENER_FETCH_PARTITION_MAX_BYTES: String(LARGER_FETCH.maxBytesPerPartition),
};

/** Half of what order-api sustained under autocannon in this run: a slow machine gives a latency, not a queue. */
function halfOf(orderApi: HttpFigures): number {
  return Math.max(1, Math.round(orderApi.throughput.median / 2));
}

function startOrderApi(env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Promise<AppUnderTest> {
  return startApp(ORDER_API, env, '/health/ready', nodeArgs);
}

/**
 * A listener process (the real order-listener as it ships: info is a line per order, metrics,
 * the image's node flags; or the no-op baseline, run the same way) drains the topic in a fresh
 * group: records/s from its committed offsets, from the first commit to the last (start-up and
 * the group join excluded), and its peak RSS. Its output goes to a file in `logDir`.
 */
async function listenerProcess(
  brokers: string,
  logDir: string,
  topic: OrdersTopic,
  records: number,
  entry: typeof ORDER_LISTENER | typeof NOOP_LISTENER,
  level: 'info' | 'warn',
  env: NodeJS.ProcessEnv = {},
): Promise<{ rate: number; peakRssMb: number }> {
  const name = entry === NOOP_LISTENER ? 'the no-op listener process' : `order-listener at ${level}`;
  const groupId = uniqueName(entry === NOOP_LISTENER ? 'noop-listener' : `listener-${level}`);
  const proc = runTypeScript(
    entry,
    { KAFKA_BROKERS: brokers, ORDERS_TOPIC: topic.name, ORDER_LISTENER_GROUP: groupId, HEALTH_PORT: '0', LOG_LEVEL: level, ...env },
    workspaceRoot,
    [],
    // Its lines go to a file, not to this process's pipe: read here, by a busy process on either
    // CPU, they held order-listener at info to that reader's pace (9 % slower in a scratch run).
    { wrap: pinnedAsShipped, built: true, output: join(logDir, `${groupId}.log`) },
  );
  const spawned = performance.now();
  const admin = new Kafka({ clientId: 'bench-admin', brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const deadline = Date.now() + 120_000;
    let first: { at: number; committed: number } | undefined;
    for (;;) {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic.name] });
      const committed = (offsets?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
      const at = performance.now();
      if (committed > 0) first ??= { at, committed };
      if (committed >= records) {
        // A topic drained within a poll or two (the tiny scale) has no span to time: then from the spawn.
        const timed =
          committed - first!.committed >= records / 2
            ? { count: committed - first!.committed, from: first!.at }
            : { count: committed, from: spawned };
        return { rate: timed.count / ((at - timed.from) / 1000), peakRssMb: peakRssMb(proc.child.pid!) };
      }
      if (Date.now() > deadline) {
        throw new Error(
          `${name} committed ${committed} of ${records} records in 120 s; its last output:\n${proc.lines.slice(-10).join('\n')}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await admin.disconnect();
    await proc.stop('SIGTERM');
  }
}

function machine(): Report['machine'] {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `Linux ${release()} (free memory at start ${Math.round(freemem() / 2 ** 30)} GiB)`,
    pinning: `broker on CPU ${CPU.broker}, apps under test on CPU ${CPU.app} (built with tsc and run by node, as their image runs them), autocannon and the end-to-end load generator on CPU ${CPU.load} (taskset); in-process clients unpinned`,
  };
}

function versions(): Record<string, string> {
  const version = (pkg: string) => {
    try {
      return (JSON.parse(readFileSync(join(workspaceRoot, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      return 'unknown';
    }
  };
  return {
    node: process.version,
    kafka: kafkaVersion(),
    kafkajs: version('kafkajs'),
    fastify: version('fastify'),
    zod: version('zod'),
    autocannon: version('autocannon'),
  };
}

function targets(r: Report): Target[] {
  const x = (value: number) => `${value.toFixed(2)}x`;
  const at = (value: number, unit: string) => `${Math.round(value).toLocaleString('en-US')} ${unit}`;
  return [
    {
      name: 'typed producer vs raw kafkajs',
      goal: '>= 0.9x',
      actual: x(r.ratios.typedOverRawKafkajs),
      met: r.ratios.typedOverRawKafkajs >= 0.9,
    },
    {
      name: 'raw kafkajs vs ProducerPerformance',
      goal: '>= 0.4x',
      actual: x(r.ratios.rawKafkajsOverPerfTest),
      met: r.ratios.rawKafkajsOverPerfTest >= 0.4,
    },
    {
      name: 'order-api throughput (202/s)',
      goal: '>= 10,000 orders/s',
      actual: at(r.producers.orderApi.throughput.median, 'orders/s'),
      met: r.producers.orderApi.throughput.median >= 10_000,
    },
    {
      name: 'order-api p99',
      goal: '< 50 ms',
      actual: `${r.producers.orderApi.p99Ms.median} ms`,
      met: r.producers.orderApi.p99Ms.median < 50,
    },
    {
      name: 'order-api metrics on vs off',
      goal: '>= 0.95x',
      actual: x(r.observability.metricsOnOverOff),
      met: r.observability.metricsOnOverOff >= 0.95,
    },
    { name: 'order-api vs in-memory stub', goal: '>= 0.7x', actual: x(r.ratios.orderApiOverStub), met: r.ratios.orderApiOverStub >= 0.7 },
    {
      name: 'listener vs (raw eachBatch + JSON.parse)',
      goal: `>= ${LISTENER_GOAL}x`,
      actual: x(r.ratios.listenerOverRawEachBatchJson),
      met: r.ratios.listenerOverRawEachBatchJson >= LISTENER_GOAL,
    },
    {
      name: 'listener vs ConsumerPerformance',
      goal: '>= 0.35x',
      actual: x(r.ratios.listenerOverConsumerPerformance),
      met: r.ratios.listenerOverConsumerPerformance >= 0.35,
    },
    {
      name: 'order-listener at info vs no-op TypedListener process',
      goal: '>= 0.6x',
      actual: x(r.ratios.listenerAtInfoOverNoop),
      met: r.ratios.listenerAtInfoOverNoop >= 0.6,
    },
    {
      name: `end-to-end p99 at ${r.endToEnd.rate} orders/s`,
      goal: `< ${E2E_P99_GOAL_MS} ms`,
      actual: `${r.endToEnd.p99Ms} ms`,
      met: r.endToEnd.p99Ms < E2E_P99_GOAL_MS,
    },
    {
      name: `end-to-end p99 at ${r.endToEndAtHalf.rate} orders/s`,
      goal: `< ${E2E_P99_GOAL_MS} ms`,
      actual: `${r.endToEndAtHalf.p99Ms} ms`,
      met: r.endToEndAtHalf.p99Ms < E2E_P99_GOAL_MS,
    },
    { name: 'order-api peak RSS', goal: '< 250 MB', actual: `${r.memory.orderApiPeakRssMb} MB`, met: r.memory.orderApiPeakRssMb < 250 },
    {
      name: 'order-listener peak RSS',
      goal: '< 250 MB',
      actual: `${r.memory.listenerPeakRssMb} MB`,
      met: r.memory.listenerPeakRssMb < 250,
    },
    ...(r.peers ? peerTargets(r.peers) : []),
  ];
}

/** Ours at least level with each peer, on the producer side and on the consumer side. */
function peerTargets({ ratios }: PeerReport): Target[] {
  const at = (name: string, value: number): Target => ({ name, goal: '>= 1.0x', actual: `${value.toFixed(2)}x`, met: value >= 1 });
  return [
    at('order-api vs Spring Boot (orders/s)', ratios.orderApiOverSpring),
    at('order-api vs NestJS (orders/s)', ratios.orderApiOverNest),
    at('order-listener vs Spring @KafkaListener (records/s)', ratios.listenerOverSpring),
    at('order-listener vs NestJS consumer (records/s)', ratios.listenerOverNest),
  ];
}
