// The benchmark report: every figure with its runs, the ratios the project is judged by,
// the targets, and where the time goes when a target is missed.
import { DEFAULT_BATCHING, LISTENER_DEFAULTS, LOW_MEMORY_FETCH, type ListenerFetchLimits } from '@tacocloud/messaging';
import type { EndToEnd, EndToEndSecond } from './e2e.js';
import type { HttpFigures } from './http.js';
import type { OneAtATime } from './load-generator.js';
import type { PeerReport } from './peers.js';
import type { ProfileSummary } from './profile.js';
import type { Figure } from './stats.js';
import { renderObservability, type ObservabilityCost } from './observability.js';

export interface Report {
  generatedAt: string;
  scale: string;
  machine: { cpu: string; cores: number; memoryGiB: number; os: string; pinning: string };
  versions: Record<string, string>;
  settings: Record<string, string | number>;
  producers: {
    producerPerformance: Figure;
    rawKafkajs: Figure;
    typedProducer: Figure;
    typedPrebuilt: Figure;
    /** Its cpuShare near 1: CPU-bound on its core; its cpuBusyPercent: whether CPU 1 (autocannon and the broker) was. */
    orderApi: HttpFigures;
    /** The same order-api under many more connections (Scale.httpManyConnections). */
    orderApiManyConnections: HttpFigures;
    stubApi: HttpFigures;
    /** The stub at Scale.httpManyConnections, beside order-api's row at as many. */
    stubManyConnections: HttpFigures;
    /** Fastify alone parsing the body and answering 202 (bare-fastify-main.ts): what the HTTP stack costs on this core. */
    bareFastify: HttpFigures;
    /** Each app, warm, under the end-to-end generator alone at half of order-api's throughput. Absent before session 20. */
    oneAtATime?: { rate: number; seconds: number; orderApi: OneAtATime; stubApi: OneAtATime; bareFastify: OneAtATime };
  };
  consumers: {
    consumerPerformance: Figure;
    rawEachBatch: Figure;
    rawEachBatchJson: Figure;
    /** The same decoding each record's headers and validating it with the topic's reader: what no listener may skip. */
    rawEachBatchValidated: Figure;
    /** The same at order-listener's fetch sizes (LOW_MEMORY_FETCH): the like-for-like baseline of the listener at them. */
    rawEachBatchJsonListenerFetch: Figure;
    /** The TypedListener at its defaults, which fetch as kafkajs (and the raw rows) do since session 35; at LOW_MEMORY_FETCH before. */
    listener: Figure;
    /** The same at order-listener's fetch sizes (LOW_MEMORY_FETCH). Absent before session 35. */
    listenerLowMemoryFetch?: Figure;
    /** The TypedListener with a no-op handler as its own process, run and timed as order-listener is. */
    noopListenerProcess: Figure;
    /** The order-listener process at info, one line per order: the production default. */
    listenerAtInfo: Figure;
    /** The same process at warn: no line per order. */
    listenerAtWarn: Figure;
    /** The same at warn with fetches twice the listener's (LISTENER_FETCH_* variables). Absent before session 20. */
    listenerAtWarnLargerFetch?: Figure;
  };
  endToEnd: EndToEnd;
  /** The same at half of order-api's throughput in this run. */
  endToEndAtHalf: EndToEnd;
  memory: {
    orderApiPeakRssMb: number;
    listenerPeakRssMb: number;
    /** order-listener at warn, at its fetch sizes and at twice them. Absent before session 20. */
    listenerFetch?: { atWarn: number; largerFetch: number };
  };
  ratios: Record<RatioName, number>;
  targets: Target[];
  profile: ProfileSummary;
  observability: ObservabilityCost;
  /** Absent when the run left the peers out. */
  peers?: PeerReport;
}

export type RatioName =
  | 'typedOverRawKafkajs'
  | 'rawKafkajsOverPerfTest'
  | 'orderApiOverStub'
  | 'orderApiOverStubManyConnections'
  | 'stubOverBareFastify'
  | 'listenerOverRawEachBatch'
  | 'listenerOverRawEachBatchJson'
  | 'rawValidatedOverRawEachBatchJson'
  | 'listenerOverRawEachBatchValidated'
  | 'listenerOverRawEachBatchJsonListenerFetch'
  | 'listenerOverConsumerPerformance'
  | 'listenerAtInfoOverNoop'
  | 'listenerAtInfoOverAtWarn';

export interface Target {
  name: string;
  goal: string;
  actual: string;
  met: boolean;
}

/** The goal for listener / (raw eachBatch + JSON.parse). */
export const LISTENER_GOAL = 0.8;

/** Fetch limits as the report words them: "256 KB a partition, 1.5 MB a fetch". */
const fetchSizes = ({ maxBytes, maxBytesPerPartition }: ListenerFetchLimits) =>
  `${maxBytesPerPartition / 1024} KB a partition, ${maxBytes / 1024 / 1024} MB a fetch`;

/** Twice order-listener's fetch limits: the row that shows what its smaller fetches cost and save. */
export const LARGER_FETCH: ListenerFetchLimits = {
  maxBytes: 2 * LOW_MEMORY_FETCH.maxBytes,
  maxBytesPerPartition: 2 * LOW_MEMORY_FETCH.maxBytesPerPartition,
};

const LOW_MEMORY_FETCH_SIZES = fetchSizes(LOW_MEMORY_FETCH);
const DEFAULT_FETCH_SIZES = fetchSizes(LISTENER_DEFAULTS.fetch);
const LARGER_FETCH_SIZES = fetchSizes(LARGER_FETCH);

/** What the profile and the design say about each target, should it be missed. */
const GAP_NOTES: Record<string, string | ((report: Report, target: Target) => string)> = {
  'typed producer vs raw kafkajs': (report) =>
    `both map each order to its event and build and encode each record; the typed producer adds per record a W3C trace ` +
    `span (started, not entered) and its header, its batcher, and a promise and a deadline per caller, and waits for each ` +
    `caller's acknowledgement (1,000 callers; raw kafkajs awaits one send of 1,000), and the service makes an order id, a random UUID ` +
    'checked for card numbers (as no caller gives a correlation id here, the order id serves as one). On events built before the timer (no ' +
    `order mapped, no ids made) it reaches ${n(report.producers.typedPrebuilt.median)} records/s ` +
    `(${(report.producers.typedPrebuilt.median / report.producers.rawKafkajs.median).toFixed(2)}x raw, which maps each ` +
    'record). Both run on the same patched kafkajs. Full runs have put this ratio at 0.65x (session 12, when the send span ' +
    'was still entered per record and the deadline raced its own promise) to 0.94x (session 17), and it moves from run to ' +
    'run by more than the gap.',
  'order-api throughput (202/s)': orderApiThroughputNote,
  'order-api metrics on vs off': (report) =>
    `in CPU per order, which waiting on Kafka does not blur, metrics on costs ${report.observability.metricsCpuOnOverOff.toFixed(2)}x metrics off ` +
    '(a label hash and two histogram updates per request, one histogram update per acknowledged record). Each line is an ' +
    'order-api of its own, the four taking turns run by run; measured one after another, full runs of the same code gave ' +
    '0.79x to 1.44x.',
  'order-api p99': 'queueing once the offered load nears capacity; the same remedies as for throughput.',
  'order-api vs in-memory stub': orderApiOverStubNote,
  'listener vs (raw eachBatch + JSON.parse)': listenerOverRawNote,
  'order-listener at info vs no-op TypedListener process': (report) =>
    'beyond the no-op listener, the order-listener process formats and writes a JSON log line per order (pino: the line, ' +
    'its ISO time and the trace ids of its span), and keeps its Prometheus figures and log-correlation spans. The same ' +
    `process at info reaches ${report.ratios.listenerAtInfoOverAtWarn.toFixed(2)}x itself at warn: that is what the line per order costs.`,
  'listener vs ConsumerPerformance': listenerOverConsumerPerformanceNote,
  'end-to-end p99': (report, target) =>
    endToEndLoad(target.name.endsWith(` ${report.endToEnd.rate} orders/s`) ? report.endToEnd : report.endToEndAtHalf, report) +
    'the median order takes a few ms (linger, one produce, one fetch); the p99 is made of a few slow seconds, and the 202 ' +
    'is as slow as the whole path in them, so the orders wait before the listener. The per-second table under "End to ' +
    'end" says for each slow second whether order-api (its event loop, its GC), its producer (record acknowledgement ' +
    "against produce request time) or the broker (its GC) held them. order-api's own mark-compacts were most of it until " +
    'it ran with --v8-pool-size=1 and --no-allocation-site-pretenuring (docs/benchmarks.md, "The end-to-end tail"). What ' +
    "is left, as the lines under each table count it: records that waited for their broker's request in flight (kafkajs's " +
    'idempotent producer keeps one per broker, so an acknowledgement takes up to two round trips), waits outside ' +
    "order-api's handling while the CPU the broker and the load generator share was saturated, and broker G1 pauses: " +
    'four processes on 2 cores (order-api on one, the broker and the load generator on the other, the listener on either).' +
    machineShareAtHalf(report),
  'order-api peak RSS':
    'at peak, under 256 connections, about 115 MB is V8 heap pages (a 32 MB young generation among them), 75 MB malloc ' +
    '(request and Kafka buffers, held in two arenas by MALLOC_ARENA_MAX=2), 48 MB the node binary; its one V8 worker ' +
    'thread (--v8-pool-size=1, kept for the end-to-end tail) frees pages later: 15-20 MB more than with four ' +
    '(docs/operations.md, Memory and GC).',
  'order-listener peak RSS': `a fetch's decoded records live until its batches are handled; order-listener caps its fetches at ${LOW_MEMORY_FETCH_SIZES} (LOW_MEMORY_FETCH), below which they die young (docs/operations.md, Memory and GC).`,
  'order-api vs Spring Boot (orders/s)':
    'Tomcat spreads requests over a thread pool and the Java producer encodes batches in JIT-compiled code, while one Node ' +
    "thread does all of order-api's HTTP parsing, zod validation, mapping and kafkajs encoding (the profile below shows the " +
    'split). Closing it: the remedies under "order-api throughput", first of all one process per core. Compare the runs too: ' +
    "the JVM's figures climb from run to run while C2 compiles on the same core, so a median of short runs can flatter either side.",
  'order-api vs NestJS (orders/s)':
    'the same Fastify and zod on both sides, so the gap is in the producer path: ClientKafka hands each order to a plain ' +
    'kafkajs send, while the typed producer also derives the event id, validates the event again and batches through its own ' +
    'buffer (see "typed producer vs raw kafkajs" and the profile below).',
  'order-listener vs Spring @KafkaListener (records/s)':
    'the Java consumer decodes record batches in JIT-compiled code and Jackson binds each value into a record without ' +
    'validation; order-listener does all of it on one JavaScript thread: kafkajs decoding, JSON.parse, zod validation and ' +
    'upcasting, the duplicate window, a trace span and metrics per record, and garbage collection of it all (see ' +
    '"listener vs (raw eachBatch + JSON.parse)" for the split).',
  'order-listener vs NestJS consumer (records/s)':
    'both run kafkajs and zod; order-listener also checks the duplicate window, records metrics per record and keeps ' +
    'retry and dead-letter bookkeeping per batch.',
};

/** The end-to-end target: p99 from the POST to the handler, at 2,000 orders/s and at half capacity. */
export const E2E_P99_GOAL_MS = 25;

/** What carried, or could not carry, an end-to-end run's load: order-api's core, and the apps alone at its rate. */
function endToEndLoad(e: EndToEnd, report: Report): string {
  const load = orderApiSaturation(e, report) + aloneAtRate(e, report);
  return load && `${load}Otherwise: `;
}

/** A share of its core above which an app under autocannon is taken as CPU-bound rather than waiting. */
const CPU_BOUND_SHARE = 0.9;

const coreUse = (cpuShare: number) => `order-api used ${Math.round(cpuShare * 100)} % of its core. `;

/**
 * What set the pace while order-api waited: a saturated CPU 1 (autocannon and the broker), or,
 * with CPU 1 to spare, each round of orders lingering in the batcher and then awaiting its
 * produce request (docs/benchmarks.md, "What holds order-api at 64 connections").
 */
export function loadSide(cpuBusyPercent: readonly number[] | undefined, connections: number | string | undefined): string {
  const busy = cpuBusyPercent?.[1];
  if (busy === undefined) return '. ';
  return busy >= CPU_BOUND_SHARE * 100
    ? `, and CPU 1 was ${busy} % busy meanwhile: the load generator and the broker, not order-api, set the pace. `
    : `. CPU 1 was only ${busy} % busy meanwhile, so neither core was the limit: with ${connections} clients each awaiting its 202, ` +
        'each round of orders awaited its produce request, while the core had nothing left to do (a round goes as soon as all ' +
        `its callers are back, or ${DEFAULT_BATCHING.quietMs} ms after the last came; docs/benchmarks.md, "What holds order-api at 64 connections"). `;
}

/**
 * Where an order's CPU goes on order-api's one core, from the CPU per request of three processes
 * under the same load: bare Fastify (the HTTP stack), the stub (plus our request handling) and
 * order-api (plus the Kafka path). 10,000 orders/s on one core leaves 100 µs an order.
 */
export function orderApiThroughputNote(report: Report): string {
  const { orderApi, stubApi, bareFastify } = report.producers;
  const share = coreUse(orderApi.cpuShare);
  const perCore = 'one order-api per core (more replicas or node:cluster).';
  const [api, stub, bare] = [orderApi.cpuUsPerRequest, stubApi.cpuUsPerRequest, bareFastify.cpuUsPerRequest];
  if (api === undefined || stub === undefined || bare === undefined) return `${share}Run ${perCore}`;
  // Measured one process after another: on this machine a start can run slower throughout
  // (docs/benchmarks.md), which could even put order-api below the stub.
  const kafka = Math.max(0, api - stub);
  const floor = bare + kafka;
  // Below full use the core was not the limit: what a whole one would answer at this cost.
  const idle =
    orderApi.cpuShare < CPU_BOUND_SHARE
      ? `It was not CPU-bound: at ${api} µs an order its whole core would answer about ${n(Math.round(1e6 / api))} orders/s, ` +
        "but each 202 waits for the record's acknowledgement from the broker" +
        loadSide(orderApi.cpuBusyPercent, report.settings['httpConnections']) +
        `At ${report.settings['httpManyConnections']} connections, more orders to each round trip, it answered ` +
        `${n(report.producers.orderApiManyConnections.throughput.median)} orders/s. `
      : '';
  return (
    share +
    idle +
    `CPU per order: Fastify alone, parsing the body and answering, ${bare} µs (bare Fastify: ${n(bareFastify.throughput.median)} orders/s); ` +
    `our request handling on top (zod validation of the order and the receipt, request and order ids checked for card numbers, ` +
    `the trace span, the metrics and log hooks, the x-request-id header) brings the stub to ${stub} µs; the Kafka path (typed ` +
    `producer, kafkajs encoding, its socket) brings order-api to ${api} µs. 10,000 orders/s on one core leaves 100 µs an order. ` +
    (floor >= 100
      ? `The HTTP stack and the Kafka path alone take ${floor} µs: even with no request handling of ours, one core of this ` +
        `machine does not reach 10,000 orders/s. Run ${perCore}`
      : `The HTTP stack and the Kafka path alone take ${floor} µs, so the rest is ours to cut; meanwhile run ${perCore}`)
  );
}

/**
 * Why order-api trails the stub, from the run's own figures: the CPU the Kafka path adds to each
 * order, and, when order-api left part of its core idle, the produce round trip it waited for.
 */
export function orderApiOverStubNote(report: Report): string {
  const { orderApi, stubApi } = report.producers;
  const [api, stub] = [orderApi.cpuUsPerRequest, stubApi.cpuUsPerRequest];
  const cpu =
    api === undefined || stub === undefined
      ? ''
      : `CPU per order: order-api ${api} µs, the stub ${stub} µs, so even on a fully used core order-api would reach ` +
        `${(stub / api).toFixed(2)}x the stub: the Kafka path (typed producer, kafkajs encoding each record and its headers, ` +
        'its socket) is that difference. ';
  const waiting =
    orderApi.cpuShare < CPU_BOUND_SHARE
      ? "Below full use it also waits: each 202 waits for the record's acknowledgement (acks=all), after the batcher's " +
        'linger and a round trip to a broker that shares its core with autocannon, so at 64 connections the core idles ' +
        'while a round of orders waits; the stub answers at once. '
      : '';
  return (
    `${coreUse(orderApi.cpuShare)}${cpu}${waiting}At ${report.settings['httpManyConnections']} connections ` +
    `order-api reaches ${report.ratios.orderApiOverStubManyConnections.toFixed(2)}x the stub at as many.`
  );
}

/** Why the listener trails raw kafkajs parsing each value, with the floor any validating listener stays under. */
export function listenerOverRawNote(report: Report): string {
  const floor = report.ratios.rawValidatedOverRawEachBatchJson;
  return (
    "a listener must know what it reads: raw kafkajs doing only that (each record's headers decoded, its value parsed and " +
    `validated by the topic's reader, zod compiled) reached ${n(report.consumers.rawEachBatchValidated.median)} records/s, ` +
    `${floor.toFixed(2)}x raw eachBatch + JSON.parse${floor < LISTENER_GOAL ? `, under the ${LISTENER_GOAL}x goal by itself` : ''}, ` +
    `and the listener ${report.ratios.listenerOverRawEachBatchValidated.toFixed(2)}x that, both fetching as kafkajs does ` +
    `(${DEFAULT_FETCH_SIZES}, the listener's defaults).` +
    " The listener's records come from the library's own decoder of record batches (offsets and timestamps added as " +
    'numbers, header names kept from record to record, no Decoder object or BigInt per record: ' +
    "libs/messaging/src/kafka/record-batch-decoder.ts), the raw rows' from kafkajs's." +
    lowMemoryFetchNote(report) +
    ' Beyond that floor, per record the listener ' +
    'sizes the headers, describes the record (ISO timestamp, key), checks and updates the duplicate window, runs the handler ' +
    'in a trace span and awaits it, and publishes to the diagnostics channels; each batch resolves its offset and hands it to a commit ' +
    "that travels while the partition's next batch is handled. " +
    "A CPU profile of the no-op listener (session 15): a quarter JSON.parse and an eighth kafkajs decoding (the raw row's " +
    'too), 6-7% GC, about 6% each validation (two UUID patterns most of it) and header decoding, 4% the duplicate window, ' +
    '3% the trace span: no one cost left that closes the gap, only each of them a little.' +
    largerFetchNote(report)
  );
}

/**
 * The listener at order-listener's fetch sizes, when the report has it, against raw kafkajs at the
 * same sizes: what fetching less at a time, for order-listener's memory, costs either.
 */
function lowMemoryFetchNote(report: Report): string {
  const { listener, listenerLowMemoryFetch, rawEachBatchJsonListenerFetch } = report.consumers;
  if (!listenerLowMemoryFetch) return '';
  return (
    ` At order-listener's fetch sizes (${LOW_MEMORY_FETCH_SIZES}, LOW_MEMORY_FETCH, for its memory) the listener reached ` +
    `${n(listenerLowMemoryFetch.median)} records/s, ${(listenerLowMemoryFetch.median / listener.median).toFixed(2)}x itself at ` +
    `its defaults, and raw kafkajs parsing each value ${n(rawEachBatchJsonListenerFetch.median)} (the listener ` +
    `${report.ratios.listenerOverRawEachBatchJsonListenerFetch.toFixed(2)}x that): kafkajs waits for each fetch.`
  );
}

/** What twice its fetch sizes did to order-listener, when the report has it: the memory its sizes save. */
function largerFetchNote(report: Report): string {
  const larger = report.consumers.listenerAtWarnLargerFetch;
  const rss = report.memory.listenerFetch;
  if (!larger || !rss) return '';
  return (
    ` Larger fetches are no way out: at twice its sizes (${LARGER_FETCH_SIZES}) order-listener at warn reached ` +
    `${n(larger.median)} records/s, ${(larger.median / report.consumers.listenerAtWarn.median).toFixed(2)}x itself at its own, ` +
    `and peaked at ${rss.largerFetch} MB against ${rss.atWarn} MB (the goal is under 250 MB).`
  );
}

/** Against Kafka's own consumer: what kafkajs alone reaches, and the floor of any validating listener, in its units. */
export function listenerOverConsumerPerformanceNote(report: Report): string {
  const { consumerPerformance, rawEachBatch, rawEachBatchJson, rawEachBatchValidated } = report.consumers;
  const of = (figure: { median: number }) => (figure.median / consumerPerformance.median).toFixed(2);
  return (
    `ConsumerPerformance reads ${n(consumerPerformance.median)} records/s and parses none of them. kafkajs doing nothing ` +
    `with its records reached ${of(rawEachBatch)}x that, with a JSON.parse of each value ${of(rawEachBatchJson)}x, and ` +
    `decoding and validating each record as every listener must (the floor above) ${of(rawEachBatchValidated)}x: ` +
    'the rest of the gap is parsing and validating JSON in JavaScript, which the Java tool does not do, and, as above, the ' +
    "listener's own work per record."
  );
}

const RATIO_LABELS: Record<RatioName, string> = {
  typedOverRawKafkajs: 'typed producer / raw kafkajs',
  rawKafkajsOverPerfTest: 'raw kafkajs / ProducerPerformance',
  orderApiOverStub: 'order-api / in-memory stub',
  orderApiOverStubManyConnections: 'order-api / in-memory stub, both at the many-connection count',
  stubOverBareFastify: 'in-memory stub / bare Fastify',
  listenerOverRawEachBatch: 'listener / raw eachBatch',
  listenerOverRawEachBatchJson: 'listener / (raw eachBatch + JSON.parse)',
  rawValidatedOverRawEachBatchJson: '(raw eachBatch + decoding and validating each record) / (raw eachBatch + JSON.parse)',
  listenerOverRawEachBatchValidated: 'listener / (raw eachBatch + decoding and validating each record)',
  listenerOverRawEachBatchJsonListenerFetch: "listener / (raw eachBatch + JSON.parse), both at order-listener's fetch sizes",
  listenerAtInfoOverNoop: 'order-listener at info / no-op TypedListener process',
  listenerAtInfoOverAtWarn: 'order-listener at info / the same process at warn',
  listenerOverConsumerPerformance: 'listener / ConsumerPerformance',
};

const n = (value: number) => Math.round(value).toLocaleString('en-US');

/** Seconds shown per end-to-end run: the worst by p99, beside the median second for contrast. */
const WORST_SECONDS = 5;

/** Above this share of its core spent on the run's orders alone, order-api had no room left for their bursts. */
const SATURATED_SHARE = 0.8;

/**
 * Whether order-api's own core carried the run: its CPU per order there (orders one at a time)
 * against the same app under autocannon (many per turn of its event loop), times the rate.
 */
export function orderApiSaturation(e: EndToEnd, report: Report): string {
  const perOrder = e.cpuUsPerOrder?.orderApi;
  if (perOrder === undefined) return '';
  const share = (perOrder * e.rate) / 1e6;
  if (share < SATURATED_SHARE) return '';
  const autocannon = report.producers.orderApi.cpuUsPerRequest;
  return (
    `in this run order-api alone spent ${Math.round(share * 100)} % of its core on the orders (${perOrder} µs an order` +
    (autocannon !== undefined
      ? `, against ${autocannon} µs under autocannon's ${report.settings['httpConnections']} connections, where each turn of its event loop serves many at once`
      : '') +
    `): a saturated core, so the run measured a queue at order-api (at most ${n(e.maxInFlight)} requests awaiting their answer), ` +
    'not a tail. '
  );
}

/**
 * The apps alone under the same generator at this run's rate, when the report has them: whether
 * the rate was past what Node's HTTP and our request handling carry one order at a time, with no
 * Kafka (the stub) or nothing of ours (bare Fastify) at all.
 */
export function aloneAtRate(e: EndToEnd, report: Report): string {
  const one = report.producers.oneAtATime;
  const bare = report.producers.bareFastify.cpuUsPerRequest;
  if (!one || one.rate !== e.rate || !bare) return '';
  const app = (paced: OneAtATime) =>
    `${paced.cpuUsPerRequest} µs an order (${Math.round(paced.cpuShare * 100)} % of its core, p99 ${paced.p99Ms} ms)`;
  return (
    `Alone under the same generator at this rate, warm and with no listener beside it: order-api ${app(one.orderApi)}, ` +
    `the stub, which has no Kafka, ${app(one.stubApi)}, bare Fastify ${app(one.bareFastify)} against ${bare} µs under ` +
    `autocannon (${(one.bareFastify.cpuUsPerRequest / bare).toFixed(1)}x). A request that comes alone costs Node's HTTP stack ` +
    "several times what it costs among many, so half of order-api's throughput under autocannon is not half of its core" +
    whereAloneMissed(one)
  );
}

/** Which app alone already missed the goal at the rate: the stub (HTTP and our handling), or order-api only (its Kafka path). */
function whereAloneMissed(one: NonNullable<Report['producers']['oneAtATime']>): string {
  if (one.stubApi.p99Ms >= E2E_P99_GOAL_MS) {
    return (
      `: at this rate the stub's own answers missed the ${E2E_P99_GOAL_MS} ms goal with no producer or listener at all, so no ` +
      'Kafka path could have met it on this core. '
    );
  }
  if (one.orderApi.p99Ms >= E2E_P99_GOAL_MS) {
    return (
      `. order-api's own answers missed the ${E2E_P99_GOAL_MS} ms goal with no listener at all, where the stub's, the same ` +
      'requests and handling on an in-memory service, met it: at this rate the tail is in its Kafka path (a record waits for ' +
      "its broker's request in flight, then its own round trip to a broker sharing its CPU with the load generator), before " +
      'any listener. '
    );
  }
  return '. ';
}

/** How much of the machine the run at half of order-api's throughput took, when the report has it. */
function machineShareAtHalf(report: Report): string {
  const line = cpuPerOrderLine(report.endToEndAtHalf, report.machine.cores);
  if (!line) return '';
  return (
    ` The run at half of order-api's throughput: ${line} ` +
    "Half of order-api's throughput on its own core is not half of what the machine can carry end to end."
  );
}

/**
 * What an order costs each app when orders come one at a time, as in the end-to-end runs, against
 * autocannon's many per turn of the event loop: bare Fastify shows the part no code of ours adds.
 */
export function oneAtATimeLine(report: Report): string {
  const p = report.producers;
  const one = p.oneAtATime;
  if (!one) return '';
  const app = (name: string, paced: OneAtATime, under: HttpFigures) =>
    `${name} ${paced.cpuUsPerRequest} µs (${Math.round(paced.cpuShare * 100)} % of its core; ${under.cpuUsPerRequest ?? '-'} µs under autocannon` +
    (under.cpuUsPerRequest ? `, ${(paced.cpuUsPerRequest / under.cpuUsPerRequest).toFixed(1)}x` : '') +
    `; p99 ${paced.p99Ms} ms)`;
  return (
    `One order at a time, each app warm and alone under the end-to-end load generator at ${n(one.rate)} orders/s (half of ` +
    `order-api's throughput) for ${one.seconds} s, CPU per order: ${app('order-api', one.orderApi, p.orderApi)}, ` +
    `${app('the stub', one.stubApi, p.stubApi)}, ${app('bare Fastify', one.bareFastify, p.bareFastify)}. ` +
    'A request that comes alone pays for a turn of the event loop (waking up, reading one socket, writing one answer) and ' +
    'for caches gone cold while the core idled; under autocannon each turn serves many.\n'
  );
}

/**
 * What each process of an end-to-end run cost per order and, at the run's rate, how much of the
 * machine's cores that comes to: near 100 %, the run measured a saturated machine, not a latency.
 */
export function cpuPerOrderLine(e: EndToEnd, cores: number): string {
  const cpu = e.cpuUsPerOrder;
  if (!cpu) return '';
  const total = cpu.orderApi + (cpu.broker ?? 0) + cpu.listener + cpu.loadGenerator;
  const share = Math.round((total * e.rate) / 1e4 / cores);
  return (
    `CPU per order over the run (warm-up included): order-api ${cpu.orderApi} µs` +
    (cpu.broker !== undefined ? `, the broker ${cpu.broker} µs` : '') +
    `, the listener ${cpu.listener} µs, the load generator ${cpu.loadGenerator} µs; at ${n(e.rate)} orders/s ` +
    (cpu.broker !== undefined ? 'the four processes kept ' : 'these processes kept ') +
    `${share} % of the machine's ${cores} cores busy.`
  );
}

function endToEndLines(e: EndToEnd, cores: number): string {
  const cpu = cpuPerOrderLine(e, cores);
  const cell = (value: number | undefined) => (value === undefined ? '-' : String(value));
  const bySeverity = [...e.perSecond].sort((a, b) => b.p99Ms - a.p99Ms);
  const median = [...e.perSecond].sort((a, b) => a.p99Ms - b.p99Ms)[Math.floor(e.perSecond.length / 2)];
  const shown = [
    ...bySeverity.slice(0, WORST_SECONDS),
    ...(median && !bySeverity.slice(0, WORST_SECONDS).includes(median) ? [median] : []),
  ];
  const rows = shown.map(
    (s) =>
      `| ${s.second}${s === median ? ' (median)' : ''} | ${n(s.orders)} | ${s.p99Ms} | ${s.acceptedP99Ms} | ${cell(s.apiServerP99Ms)} | ${cell(s.apiProduceP99Ms)} | ${cell(s.apiRequestP99Ms)} | ${cell(s.apiLoopMaxMs)} | ${cell(s.apiGcMs)} | ${cell(s.brokerGcMaxMs)} | ${cell(s.listenerLoopMaxMs)} | ${cell(s.loadLoopMaxMs)} | ${s.cpuBusyPercent?.join(' / ') ?? '-'} |`,
  );
  const waited = waitedForRequestInFlight(bySeverity.slice(0, WORST_SECONDS)) + waitedOutsideOrderApi(bySeverity.slice(0, WORST_SECONDS));
  return `${n(e.rate)} orders/s for ${e.seconds} s (after ${e.warmUpSeconds} s of warm-up, not timed) through order-api to a listener: ${n(e.sent)} sent (${n(e.skipped)} slots skipped as the generator ran late), ${n(e.accepted)} answered 202, at most ${n(e.maxInFlight)} awaiting their answer at once; of the ${n(e.timed)} answered 202 after the warm-up, ${n(e.handled)} reached the handler.
Latency POST -> handler: p50 ${e.p50Ms} ms, p99 ${e.p99Ms} ms, p99.9 ${e.p999Ms} ms. p99 of the 202 itself: ${e.acceptedP99Ms} ms.${cpu && `\n${cpu}`}

Its worst seconds by p99, and the median second, with what each process went through in that second, all
in ms: order-api's own p99 for the 202s (from reading the request to sending the answer), its p99 from a
record handed to the producer to its acknowledgement and of its produce requests (bucket upper bounds from
its /metrics), its longest event-loop delay and its GC time; the broker's longest GC pause (its GC log); the
listener's and the load generator's longest event-loop delay; and how busy each CPU was, in % (CPU 0 runs order-api,
CPU 1 the broker and the load generator, and the listener, in the bench process, runs on either):

| second | orders | p99 POST -> handler | p99 of the 202 | order-api's own p99 | order-api record ack p99 | order-api produce request p99 | order-api loop max | order-api GC | broker GC max | listener loop max | load generator loop max | CPU busy % (0 / 1) |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}${waited}`;
}

/**
 * Seconds in which a record's acknowledgement took at least twice as long as a produce request,
 * and longer than a request and a whole linger (p99 buckets): a record that came while its
 * broker's one request was in flight waited for it, then for its own. kafkajs's idempotent
 * producer sends one request per broker at a time.
 */
export function waitedForRequestInFlight(seconds: readonly EndToEndSecond[]): string {
  const waiting = seconds.filter(
    ({ apiProduceP99Ms: ack, apiRequestP99Ms: request }) =>
      ack !== undefined && request !== undefined && request > 0 && ack >= 2 * request && ack - request > DEFAULT_BATCHING.lingerMs,
  );
  if (waiting.length === 0) return '';
  return (
    `\n\nIn ${waiting.length} of these ${seconds.length} worst seconds order-api's record acknowledgement p99 was at least twice ` +
    `its produce request p99, by more than the ${DEFAULT_BATCHING.lingerMs} ms linger: records waited for their broker's request in flight before their own went (kafkajs's ` +
    "idempotent producer sends one request per broker at a time; Java's keeps up to five in flight)."
  );
}
/**
 * Seconds in which the 202's p99, as the load generator measured it, was over twice order-api's
 * own p99 for the same requests (the upper bound of its bucket, from reading the request to
 * sending the answer): most of that wait was outside order-api's handling, in the generator, its
 * sockets or a CPU it shared.
 */
export function waitedOutsideOrderApi(seconds: readonly EndToEndSecond[]): string {
  const outside = seconds.filter(({ acceptedP99Ms, apiServerP99Ms: own }) => own !== undefined && own > 0 && acceptedP99Ms > 2 * own);
  if (outside.length === 0) return '';
  const each = outside
    .map(
      (s) =>
        `second ${s.second}: ${s.acceptedP99Ms} ms against at most ${s.apiServerP99Ms} ms` +
        (s.loadLoopMaxMs !== undefined ? `, the generator's loop held up to ${s.loadLoopMaxMs} ms` : '') +
        (s.cpuBusyPercent?.[1] !== undefined ? `, CPU 1 ${s.cpuBusyPercent[1]} % busy` : ''),
    )
    .join('; ');
  return (
    `\n\nIn ${outside.length} of these ${seconds.length} worst seconds the 202's p99 at the load generator was over twice ` +
    `order-api's own p99 for the same requests: most of that wait was outside order-api's handling (${each}).`
  );
}

const row = (name: string, f: Figure, unit = 'records/s') => `| ${name} | ${n(f.median)} | ${n(f.min)} | ${n(f.max)} | ${unit} |`;

export function renderMarkdown(report: Report): string {
  const { producers: p, consumers: c, endToEnd: e } = report;
  return `# Benchmark report

Generated ${report.generatedAt} by \`npm run bench\` (scale: ${report.scale}). Each figure is the
median of ${report.settings['runs']} run(s) after a warm-up run (raw kafkajs and the typed producers: ${report.settings['producerRuns'] ?? report.settings['runs']} runs; HTTP: after warm-up runs until the app's CPU per
request settles), with min and max. Compare the **ratios**:
they are measured side by side on the same broker, machine and payload, so they travel;
absolute figures on a shared 2-core machine do not.

## Machine and versions

- CPU: ${report.machine.cpu} (${report.machine.cores} cores), ${report.machine.memoryGiB} GiB, ${report.machine.os}
- CPU pinning: ${report.machine.pinning}
- ${Object.entries(report.versions)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}
- Settings: ${Object.entries(report.settings)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')}

## Producers (acks=all, idempotent, real OrderPlaced events of ~${report.settings['payloadBytes']} bytes, 6 partitions)

| what | median | min | max | unit |
| --- | ---: | ---: | ---: | --- |
${row("Kafka's ProducerPerformance", p.producerPerformance)}
${row('raw kafkajs (each record built and encoded, 1,000 per send)', p.rawKafkajs)}
${row('typed producer via OrderMessagingService', p.typedProducer)}
${row('typed producer, events built before the timer', p.typedPrebuilt)}
${row('order-api over HTTP (202/s)', p.orderApi.throughput, 'orders/s')}
${row(`order-api over HTTP at ${report.settings['httpManyConnections']} connections (202/s)`, p.orderApiManyConnections.throughput, 'orders/s')}
${row('order-api on the in-memory stub (202/s)', p.stubApi.throughput, 'orders/s')}
${row(`order-api on the in-memory stub at ${report.settings['httpManyConnections']} connections (202/s)`, p.stubManyConnections.throughput, 'orders/s')}
${row('bare Fastify: parse the body, answer 202, nothing else (202/s)', p.bareFastify.throughput, 'orders/s')}

HTTP p99 latency (autocannon, ${report.settings['httpConnections']} connections): order-api ${p.orderApi.p99Ms.median} ms (min ${p.orderApi.p99Ms.min}, max ${p.orderApi.p99Ms.max}); stub ${p.stubApi.p99Ms.median} ms. At ${report.settings['httpManyConnections']} connections: order-api ${p.orderApiManyConnections.p99Ms.median} ms (min ${p.orderApiManyConnections.p99Ms.min}, max ${p.orderApiManyConnections.p99Ms.max}).
order-api used ${Math.round(p.orderApi.cpuShare * 100)} % of a core under that load (its own CPU time over wall time${p.orderApi.cpuShare >= CPU_BOUND_SHARE ? ': CPU-bound' : ''})${p.orderApi.cpuBusyPercent ? `; CPU 0 / 1 were ${p.orderApi.cpuBusyPercent.join(' / ')} % busy (CPU 1 runs autocannon and the broker)` : ''}. CPU per order at 64 connections: order-api ${p.orderApi.cpuUsPerRequest ?? '-'} µs, the stub ${p.stubApi.cpuUsPerRequest ?? '-'} µs, bare Fastify ${p.bareFastify.cpuUsPerRequest ?? '-'} µs.
Warm-up runs of ${report.settings['httpSeconds']} s before the measured ones, until two in a row cost the same CPU per request
(within 10 %): order-api ${p.orderApi.warmUpRuns} (${p.orderApiManyConnections.warmUpRuns} at ${report.settings['httpManyConnections']} connections), the stub ${p.stubApi.warmUpRuns} (${p.stubManyConnections.warmUpRuns}), bare Fastify ${p.bareFastify.warmUpRuns}.
${oneAtATimeLine(report)}
## Consumers (pre-filled topic, fresh group per run)

| what | median | min | max | unit |
| --- | ---: | ---: | ---: | --- |
${row("Kafka's ConsumerPerformance (fetch.nMsg.sec)", c.consumerPerformance)}
${row('raw kafkajs eachBatch, no-op', c.rawEachBatch)}
${row('raw kafkajs eachBatch + JSON.parse of each value', c.rawEachBatchJson)}
${row("raw kafkajs eachBatch + each record's headers decoded and its value parsed and validated by the topic's reader", c.rawEachBatchValidated)}
${row(`raw kafkajs eachBatch + JSON.parse, at order-listener's fetch sizes (${LOW_MEMORY_FETCH_SIZES})`, c.rawEachBatchJsonListenerFetch)}
${row(`TypedListener, validation, no-op handler, at its defaults (kafkajs's fetch sizes, ${DEFAULT_FETCH_SIZES})`, c.listener)}${c.listenerLowMemoryFetch ? `\n${row(`TypedListener, validation, no-op handler, at order-listener's fetch sizes (${LOW_MEMORY_FETCH_SIZES})`, c.listenerLowMemoryFetch)}` : ''}
${row('TypedListener, no-op handler, as its own process like order-listener, from committed offsets', c.noopListenerProcess)}
${row('order-listener process at info (a line per order), from committed offsets', c.listenerAtInfo)}
${row('order-listener process at warn (no line per order), from committed offsets', c.listenerAtWarn)}${c.listenerAtWarnLargerFetch ? `\n${row(`order-listener process at warn, fetches twice as large (${LARGER_FETCH_SIZES}), from committed offsets`, c.listenerAtWarnLargerFetch)}` : ''}

## End to end

${[e, report.endToEndAtHalf].map((run) => endToEndLines(run, report.machine.cores)).join('\n\n')}

## Memory (peak RSS under load)

order-api ${report.memory.orderApiPeakRssMb} MB; order-listener ${report.memory.listenerPeakRssMb} MB.${report.memory.listenerFetch ? ` At warn, draining the consumers' topic: order-listener ${report.memory.listenerFetch.atWarn} MB at its fetch sizes, ${report.memory.listenerFetch.largerFetch} MB at twice them (${LARGER_FETCH_SIZES}).` : ''}

${renderObservability(report.observability)}${report.peers ? renderPeers(report.peers, report.settings) : ''}## Ratios

| ratio | value |
| --- | ---: |
${(Object.keys(RATIO_LABELS) as RatioName[]).map((k) => `| ${RATIO_LABELS[k]} | ${report.ratios[k].toFixed(2)} |`).join('\n')}

## Targets

| target | goal | actual | met |
| --- | --- | --- | --- |
${report.targets.map((t) => `| ${t.name} | ${t.goal} | ${t.actual} | ${t.met ? 'yes' : '**no**'} |`).join('\n')}

## Missed targets: where the time goes and what would close the gap

${
  report.targets
    .filter((t) => !t.met)
    .map((t) => `- **${t.name}** (${t.actual}, goal ${t.goal}): ${gapNote(t, report)}`)
    .join('\n') || 'None.'
}

## Where order-api's time goes (CPU profile under load, share of CPU time used)

| package | self % |
| --- | ---: |
${report.profile.packages.map((h) => `| ${h.name} | ${h.selfPercent} |`).join('\n')}

| function | self % |
| --- | ---: |
${report.profile.functions.map((h) => `| \`${h.name}\` | ${h.selfPercent} |`).join('\n')}
`;
}

/** The peers section: used by the full report and by a peers-only run. */
export function renderPeers({ http, consumers, ratios }: PeerReport, settings: Report['settings']): string {
  const httpRow = (name: string, f: PeerReport['http']['ours']) =>
    `| ${name} | ${n(f.throughput.median)} | ${n(f.throughput.min)} | ${n(f.throughput.max)} | ${f.p99Ms.median} | ${f.peakRssMb} | ${f.warmUpRuns} |`;
  const consumerRow = (name: string, f: PeerReport['consumers']['ours']) =>
    `| ${name} | ${n(f.throughput.median)} | ${n(f.throughput.min)} | ${n(f.throughput.max)} | ${f.peakRssMb} |`;
  return `## Peers: the Spring Boot original and a NestJS service

Each app in its own process pinned to the app CPU, on its own topic of the same broker, under the same
autocannon load (${settings['httpConnections']} connections, ${settings['httpSeconds']} s, the sample order), logging at warn.

| POST /orders | orders/s median | min | max | p99 ms | peak RSS MB | warm-up runs |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${httpRow('order-api (Fastify, zod, TypedProducer)', http.ours)}
${httpRow('Spring Boot (Tomcat, bean validation, KafkaTemplate)', http.spring)}
${httpRow('NestJS (Fastify, zod, ClientKafka)', http.nestjs)}

Consumers drain the same pre-filled topic of ${settings['consumerRecords']} records, a fresh process and group per run;
records/s from the group's committed offsets, polled every 50 ms from outside (start-up and group join excluded).

| consumer | records/s median | min | max | peak RSS MB |
| --- | ---: | ---: | ---: | ---: |
${consumerRow('order-listener (TypedListener, zod, dedupe)', consumers.ours)}
${consumerRow('Spring @KafkaListener (Jackson)', consumers.spring)}
${consumerRow('NestJS @EventPattern (zod)', consumers.nestjs)}

| ratio | value |
| --- | ---: |
| order-api / Spring Boot | ${ratios.orderApiOverSpring.toFixed(2)} |
| order-api / NestJS | ${ratios.orderApiOverNest.toFixed(2)} |
| order-listener / Spring @KafkaListener | ${ratios.listenerOverSpring.toFixed(2)} |
| order-listener / NestJS consumer | ${ratios.listenerOverNest.toFixed(2)} |

`;
}

function gapNote(target: Target, report: Report): string {
  const note = GAP_NOTES[target.name.replace(/ at \d[\d,]* orders\/s$/, '')];
  if (note === undefined) return 'see the profile below.';
  return typeof note === 'string' ? note : note(report, target);
}
