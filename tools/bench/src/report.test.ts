import { describe, expect, it } from 'vitest';
import type { HttpFigures } from './http.js';
import { orderApiThroughputNote, type Report } from './report.js';
import { figure } from './stats.js';

/** The three HTTP rows the note reads, at the given orders/s and CPU µs per order. */
function reportWith(cpuUs: { orderApi: number; stub: number; bare: number }): Report {
  const http = (perSecond: number, us: number): HttpFigures => ({
    throughput: figure([perSecond]),
    p99Ms: figure([20]),
    cpuUsPerRequest: us,
    warmUpRuns: 2,
  });
  return {
    producers: {
      orderApi: { ...http(6_700, cpuUs.orderApi), cpuShare: 0.8 },
      stubApi: http(9_800, cpuUs.stub),
      bareFastify: http(25_900, cpuUs.bare),
    },
  } as Report;
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

  it('should not count a negative Kafka path when order-api ran faster than the stub', () => {
    const note = orderApiThroughputNote(reportWith({ orderApi: 95, stub: 105, bare: 40 }));
    expect(note).toContain('The HTTP stack and the Kafka path alone take 40 µs');
  });
});
