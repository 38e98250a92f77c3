import { context, INVALID_SPAN_CONTEXT, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogCorrelationTracerProvider, newSpanId, newTraceId } from './log-correlation.js';
import { addTraceHeaders, contextFromHeaders, inSpan, SpanKind, traceHeaders, traceLogFields } from './trace-context.js';

const CALLER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';

describe('log-correlation spans (tracing on, nothing exported)', () => {
  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(new LogCorrelationTracerProvider());
  });
  afterAll(() => {
    trace.disable();
    propagation.disable();
    context.disable();
  });

  // Found by a hostile review: a record's producer put a card number in the trace id, and every
  // line the listener logged for it carried the number.
  it('should start a new trace rather than continue one whose ids or state hold a card number', async () => {
    for (const [traceId, spanId] of [
      ['41111111111111110000000000000000', CALLER_SPAN],
      [CALLER_TRACE, '4111111111111111'],
    ] as const) {
      const parent = contextFromHeaders({ traceparent: `00-${traceId}-${spanId}-01` });
      expect(trace.getSpanContext(parent)).toBeUndefined();
      const log = await inSpan('process orders', { kind: SpanKind.CONSUMER, parent }, async () => traceLogFields());
      expect(log.trace_id).not.toBe(traceId);
    }
    const withState = contextFromHeaders({ traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01`, tracestate: 'vendor=4111-1111-1111-1111' });
    expect(trace.getSpanContext(withState)?.traceId).toBe(CALLER_TRACE);
    expect(trace.getSpanContext(withState)?.traceState).toBeUndefined();
  });

  it("should continue the caller's trace with a span of its own, named in log lines and in the headers it writes", async () => {
    for (const flags of ['01', '00']) {
      const parent = contextFromHeaders({ traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-${flags}` });
      const seen = await inSpan('process orders', { kind: SpanKind.CONSUMER, parent }, async () => ({
        log: traceLogFields(),
        headers: traceHeaders(),
      }));
      expect(seen.log.trace_id).toBe(CALLER_TRACE);
      expect(seen.log.span_id).toMatch(/^[0-9a-f]{16}$/);
      expect(seen.log.span_id).not.toBe(CALLER_SPAN);
      // The sampled flag travels on unchanged: an exporting process downstream decides as before.
      expect(seen.headers).toEqual({ traceparent: `00-${CALLER_TRACE}-${seen.log.span_id}-${flags}` });
    }
  });

  it('should start a sampled trace when there is no caller, and a new span id for every span', async () => {
    const spans = await Promise.all(
      Array.from({ length: 3 }, () => inSpan('POST /orders', { kind: SpanKind.SERVER, parent: ROOT_CONTEXT }, async () => traceHeaders())),
    );
    const parsed = spans.map(({ traceparent }) => /^00-([0-9a-f]{32})-([0-9a-f]{16})-(\d\d)$/.exec(traceparent!)!.slice(1));
    expect(new Set(parsed.map(([traceId]) => traceId)).size).toBe(3);
    expect(new Set(parsed.map(([, spanId]) => spanId)).size).toBe(3);
    expect(parsed.map(([, , flags]) => flags)).toEqual(['01', '01', '01']);
  });

  it('should leave log lines outside any span, or in one without ids, without ids', () => {
    expect(traceLogFields()).toEqual({});
    const noSpan = trace.setSpan(ROOT_CONTEXT, trace.wrapSpanContext(INVALID_SPAN_CONTEXT));
    expect(context.with(noSpan, traceLogFields)).toEqual({});
  });

  it("should add only the trace headers to a record's own, and none outside a span", async () => {
    expect(addTraceHeaders({ 'message-type': 'OrderPlaced' })).toEqual({ 'message-type': 'OrderPlaced' });
    // Baggage propagated too (a user's registration): its header stays out of the record.
    propagation.setGlobalPropagator(
      new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
    );
    const withBaggage = propagation.setBaggage(context.active(), propagation.createBaggage({ tenant: { value: 'a' } }));
    const headers = await inSpan('send orders', { kind: SpanKind.PRODUCER, parent: withBaggage }, async () =>
      addTraceHeaders({ 'message-type': 'OrderPlaced', traceparent: 'a caller header' }),
    );
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    expect(Object.keys(headers).sort()).toEqual(['message-type', 'traceparent']);
    expect(headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });
});

it('should draw valid ids of the W3C lengths, never all zeros, across refills of its random pool', () => {
  const spanIds = Array.from({ length: 2_000 }, newSpanId);
  const traceIds = Array.from({ length: 1_000 }, newTraceId);
  expect(spanIds.every((id) => /^[0-9a-f]{16}$/.test(id) && id !== '0'.repeat(16))).toBe(true);
  expect(traceIds.every((id) => /^[0-9a-f]{32}$/.test(id) && id !== '0'.repeat(32))).toBe(true);
  expect(new Set(spanIds).size).toBe(spanIds.length);
});
