import { describe, expect, it } from 'vitest';
import type { EndToEnd, EndToEndSecond } from './e2e.js';
import type { HttpFigures } from './http.js';
import {
  aloneAtRate,
  cpuPerOrderLine,
  listenerOverConsumerPerformanceNote,
  listenerOverRawNote,
  loadSide,
  oneAtATimeLine,
  orderApiOverStubNote,
  orderApiSaturation,
  orderApiThroughputNote,
  waitedForRequestInFlight,
  waitedOutsideOrderApi,
  type Report,
} from './report.js';
import { figure } from './stats.js';

/** The three HTTP rows the note reads, at the given orders/s and CPU µs per order. */
function reportWith(cpuUs: { orderApi: number; stub: number; bare: number }, cpuShare = 0.8): Report {
  const http = (perSecond: number, us: number): HttpFigures => ({
    throughput: figure([perSecond]),
    p99Ms: figure([20]),
    cpuUsPerRequest: us,
    cpuShare: 0.9,
    warmUpRuns: 2,
  });
  return {
    producers: {
      orderApi: { ...http(6_700, cpuUs.orderApi), cpuShare },
      stubApi: http(9_800, cpuUs.stub),
      bareFastify: http(25_900, cpuUs.bare),
      orderApiManyConnections: http(10_300, cpuUs.orderApi),
    },
    settings: { httpConnections: 64, httpManyConnections: 256 },
    ratios: { orderApiOverStubManyConnections: 0.55 },
  } as unknown as Report;
}

describe("the report's note on order-api throughput", () => {
  it('should split CPU per order into the HTTP stack, our request handling and the Kafka path', () => {
    const note = orderApiThroughputNote(reportWith({ orderApi: 125, stub: 100, bare: 36 }));
    expect(note).toContain('Fastify alone, parsing the body and answering, 36 µs (bare Fastify: 25,900 orders/s)');
    expect(note).toContain('brings the stub to 100 µs');
    expect(note).toContain('brings order-api to 125 µs');
    expect(note).toContain('The HTTP stack and the Kafka path alone take 61 µs, so the rest is ours to cut');
  });

  it('should say when the HTTP stack and the Kafka path alone leave no room for 10,000 orders/s', () => {
    const note = orderApiThroughputNote(reportWith({ orderApi: 180, stub: 110, bare: 40 }));
    expect(note).toContain('alone take 110 µs: even with no request handling of ours, one core of this machine does not reach 10,000');
  });

  it('should say what a whole core would answer when order-api left part of its core idle', () => {
    expect(orderApiThroughputNote(reportWith({ orderApi: 91, stub: 89, bare: 28 }, 0.79))).toContain(
      'It was not CPU-bound: at 91 µs an order its whole core would answer about 10,989 orders/s',
    );
    expect(orderApiThroughputNote(reportWith({ orderApi: 91, stub: 89, bare: 28 }, 0.79))).toContain(
      'At 256 connections, more orders to each round trip, it answered 10,300 orders/s.',
    );
    expect(orderApiThroughputNote(reportWith({ orderApi: 91, stub: 89, bare: 28 }, 0.95))).not.toContain('not CPU-bound');
  });

  it('should not count a negative Kafka path when order-api ran faster than the stub', () => {
    const note = orderApiThroughputNote(reportWith({ orderApi: 95, stub: 105, bare: 40 }));
    expect(note).toContain('The HTTP stack and the Kafka path alone take 40 µs');
  });
});

describe("the report's note on order-api against the stub", () => {
  it('should give the CPU the Kafka path adds and the ratio it alone allows', () => {
    const note = orderApiOverStubNote(reportWith({ orderApi: 66, stub: 37, bare: 16 }, 0.95));
    expect(note).toContain('order-api used 95 % of its core. CPU per order: order-api 66 µs, the stub 37 µs');
    expect(note).toContain('order-api would reach 0.56x the stub');
    expect(note).not.toContain('Below full use');
    expect(note).toContain('At 256 connections order-api reaches 0.55x the stub at as many.');
  });

  it('should add the wait for the linger and the produce request when order-api left part of its core idle', () => {
    const note = orderApiOverStubNote(reportWith({ orderApi: 66, stub: 37, bare: 16 }, 0.8));
    expect(note).toContain('order-api used 80 % of its core.');
    expect(note).toContain(
      "Below full use it also waits: each 202 waits for the record's acknowledgement (acks=all), after the batcher's linger",
    );
  });
});

describe("the report's note on the listener against raw kafkajs", () => {
  const reportAt = (validated: number) =>
    ({
      consumers: {
        rawEachBatchJson: figure([100_000]),
        rawEachBatchValidated: figure([validated]),
        rawEachBatchJsonListenerFetch: figure([80_000]),
      },
      ratios: {
        rawValidatedOverRawEachBatchJson: validated / 100_000,
        listenerOverRawEachBatchValidated: 62_000 / validated,
        listenerOverRawEachBatchJsonListenerFetch: 62_000 / 80_000,
      },
      memory: { orderApiPeakRssMb: 170, listenerPeakRssMb: 150 },
    }) as unknown as Report;

  it('should give the floor any validating listener stays under, and say when that floor alone misses the goal', () => {
    const note = listenerOverRawNote(reportAt(78_000));
    expect(note).toContain(
      'reached 78,000 records/s, 0.78x raw eachBatch + JSON.parse, under the 0.8x goal by itself, and the listener 0.79x that',
    );
    expect(note).toContain('and the listener 0.79x that, both fetching as kafkajs does (1024 KB a partition, 10 MB a fetch');
  });

  it('should not claim the floor misses the goal when it does not', () => {
    const note = listenerOverRawNote(reportAt(85_000));
    expect(note).toContain('0.85x raw eachBatch + JSON.parse, and the listener 0.73x that');
    expect(note).not.toContain('by itself');
    expect(note).not.toContain('Larger fetches');
  });

  it("should compare the listener at order-listener's fetch sizes with raw kafkajs at the same, when it has them", () => {
    const report = reportAt(85_000);
    report.consumers.listener = figure([62_000]);
    report.consumers.listenerLowMemoryFetch = figure([55_800]);
    report.ratios.listenerOverRawEachBatchJsonListenerFetch = 55_800 / 80_000;
    expect(listenerOverRawNote(report)).toContain(
      "At order-listener's fetch sizes (256 KB a partition, 1.5 MB a fetch, LOW_MEMORY_FETCH, for its memory) the listener reached 55,800 records/s, 0.90x itself at its defaults, and raw kafkajs parsing each value 80,000 (the listener 0.70x that): kafkajs waits for each fetch.",
    );
    expect(listenerOverRawNote(reportAt(85_000))).not.toContain("order-listener's fetch sizes");
  });

  it('should say what twice the fetch sizes gave order-listener, and what they cost it in memory', () => {
    const report = reportAt(85_000);
    report.consumers.listenerAtWarn = figure([50_000]);
    report.consumers.listenerAtWarnLargerFetch = figure([52_000]);
    report.memory.listenerFetch = { atWarn: 147, largerFetch: 243 };
    expect(listenerOverRawNote(report)).toContain(
      'at twice its sizes (512 KB a partition, 3 MB a fetch) order-listener at warn reached 52,000 records/s, 1.04x itself at its own, and peaked at 243 MB against 147 MB',
    );
  });
});

describe("the report's note on the listener against ConsumerPerformance", () => {
  it("should give kafkajs's rows, the validating floor among them, in ConsumerPerformance's units", () => {
    const note = listenerOverConsumerPerformanceNote({
      consumers: {
        consumerPerformance: figure([225_000]),
        rawEachBatch: figure([219_000]),
        rawEachBatchJson: figure([100_000]),
        rawEachBatchValidated: figure([73_000]),
      },
    } as unknown as Report);
    expect(note).toContain('ConsumerPerformance reads 225,000 records/s and parses none of them.');
    expect(note).toContain('reached 0.97x that, with a JSON.parse of each value 0.44x, and decoding and validating each record');
    expect(note).toContain('(the floor above) 0.32x');
  });
});

describe("the report's line on records waiting for the request in flight", () => {
  const second = (apiProduceP99Ms: number | undefined, apiRequestP99Ms: number | undefined) =>
    ({ second: 0, orders: 4_500, p99Ms: 40, acceptedP99Ms: 40, apiProduceP99Ms, apiRequestP99Ms }) as EndToEndSecond;

  it('should count the seconds whose acknowledgement p99 was twice the produce request p99 and more than a linger over it', () => {
    // 10 against 5 is no more than a 5 ms linger plus a request: not counted.
    const line = waitedForRequestInFlight([second(50, 25), second(25, 5), second(25, 25), second(undefined, 10), second(10, 5)]);
    expect(line).toContain('In 2 of these 5 worst seconds');
    expect(line).toContain('by more than the 5 ms linger');
  });

  it('should say nothing when no second shows it', () => {
    expect(waitedForRequestInFlight([second(25, 25), second(10, 10)])).toBe('');
  });
});

describe("the report's line on orders that waited outside order-api", () => {
  const second = (n: number, acceptedP99Ms: number, apiServerP99Ms: number | undefined) =>
    ({ second: n, orders: 4_500, p99Ms: 40, acceptedP99Ms, apiServerP99Ms, loadLoopMaxMs: 31, cpuBusyPercent: [80, 91] }) as EndToEndSecond;

  it("should name the seconds whose 202 p99 was over twice order-api's own, with the generator's loop and CPU 1", () => {
    // 50 against 25 is exactly twice: not counted; nor is a second without order-api's figure.
    const line = waitedOutsideOrderApi([second(3, 219.65, 50), second(18, 50, 25), second(7, 60, undefined), second(1, 54.5, 25)]);
    expect(line).toContain('In 2 of these 4 worst seconds');
    expect(line).toContain("second 3: 219.65 ms against at most 50 ms, the generator's loop held up to 31 ms, CPU 1 91 % busy");
    expect(line).toContain('second 1: 54.5 ms');
    expect(line).not.toContain('second 18');
  });

  it('should say nothing when no second shows it', () => {
    expect(waitedOutsideOrderApi([second(0, 20, 25)])).toBe('');
  });
});

describe("the report's word on the load side while order-api waited", () => {
  it('should say the load generator and the broker set the pace when CPU 1 was saturated', () => {
    expect(loadSide([78, 96], 64)).toBe(
      ', and CPU 1 was 96 % busy meanwhile: the load generator and the broker, not order-api, set the pace. ',
    );
  });

  it('should put it on the produce request when CPU 1 had room, and say nothing without a figure', () => {
    expect(loadSide([78, 60], 64)).toContain(
      '. CPU 1 was only 60 % busy meanwhile, so neither core was the limit: with 64 clients each awaiting its 202, ' +
        'each round of orders awaited its produce request',
    );
    expect(loadSide(undefined, 64)).toBe('. ');
  });
});

describe("the report's line on the CPU an end-to-end run took", () => {
  const run = (cpuUsPerOrder: EndToEnd['cpuUsPerOrder']) => ({ rate: 5_000, cpuUsPerOrder }) as EndToEnd;

  it('should give each process its CPU per order and the share of the cores they kept busy at the rate', () => {
    const line = cpuPerOrderLine(run({ orderApi: 120, broker: 100, listener: 90, loadGenerator: 30 }), 2);
    expect(line).toContain('order-api 120 µs, the broker 100 µs, the listener 90 µs, the load generator 30 µs');
    expect(line).toContain("at 5,000 orders/s the four processes kept 85 % of the machine's 2 cores busy");
  });

  it('should leave the broker out when the bench did not start it, and say nothing for a report without the figures', () => {
    const line = cpuPerOrderLine(run({ orderApi: 120, listener: 90, loadGenerator: 30 }), 2);
    expect(line).not.toContain('broker');
    expect(line).toContain('these processes kept 60 %');
    expect(cpuPerOrderLine(run(undefined), 2)).toBe('');
  });
});

describe("the report's note on an end-to-end run that saturated order-api's core", () => {
  const run = (rate: number, orderApi: number) =>
    ({ rate, maxInFlight: 9_432, cpuUsPerOrder: { orderApi, broker: 58, listener: 60, loadGenerator: 47 } }) as EndToEnd;
  const report = reportWith({ orderApi: 87, stub: 78, bare: 37 });

  it('should call it a queue at order-api, with its share of the core and its CPU per order against autocannon', () => {
    const note = orderApiSaturation(run(5_424, 165), report);
    expect(note).toContain('order-api alone spent 89 % of its core on the orders (165 µs an order');
    expect(note).toContain("against 87 µs under autocannon's 64 connections");
    expect(note).toContain('a queue at order-api (at most 9,432 requests awaiting their answer)');
  });

  it('should set beside an end-to-end run what the apps cost alone, one order at a time, at its rate', () => {
    const alone = (cpuUsPerRequest: number, cpuShare: number, p99Ms: number) => ({
      cpuUsPerRequest,
      cpuShare,
      p99Ms,
      sent: 54_240,
      answered: 54_240,
    });
    const withAlone = reportWith({ orderApi: 87, stub: 78, bare: 37 });
    withAlone.producers.oneAtATime = {
      rate: 5_424,
      seconds: 10,
      orderApi: alone(130, 0.71, 40),
      stubApi: alone(110, 0.6, 30),
      bareFastify: alone(74, 0.4, 3),
    };
    const note = aloneAtRate(run(5_424, 165), withAlone);
    expect(note).toContain('order-api 130 µs an order (71 % of its core, p99 40 ms)');
    expect(note).toContain('bare Fastify 74 µs an order (40 % of its core, p99 3 ms) against 37 µs under autocannon (2.0x)');
    expect(note).toContain("the stub's own answers missed the 25 ms goal with no producer or listener at all");
    withAlone.producers.oneAtATime.stubApi = alone(110, 0.6, 12);
    expect(aloneAtRate(run(5_424, 165), withAlone)).not.toContain("the stub's own answers missed");
    expect(aloneAtRate(run(5_424, 165), withAlone)).toContain("order-api's own answers missed the 25 ms goal with no listener at all");
    withAlone.producers.oneAtATime.orderApi = alone(130, 0.71, 20);
    expect(aloneAtRate(run(5_424, 165), withAlone)).not.toContain('missed the');
    expect(aloneAtRate(run(5_000, 180), withAlone)).toBe('');
    expect(aloneAtRate(run(5_424, 165), report)).toBe('');
    expect(oneAtATimeLine(withAlone)).toContain('bare Fastify 74 µs (40 % of its core; 37 µs under autocannon, 2.0x; p99 3 ms)');
    expect(oneAtATimeLine(report)).toBe('');
  });

  it('should say nothing while order-api had room on its core', () => {
    expect(orderApiSaturation(run(2_000, 275), report)).toBe('');
    expect(orderApiSaturation({ rate: 5_424, maxInFlight: 1 } as EndToEnd, report)).toBe('');
  });
});
