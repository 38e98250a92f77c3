import { ROOT_CONTEXT, trace, TraceFlags, type Span } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { addTraceHeaders, endFailed, SpanKind, startSpan, traceLogFields, traceContext } from './trace-context.js';

// No tracer provider, propagator or context manager is registered in this file: the API's no-ops,
// as a program that uses the library without tracing runs it.
describe('startSpan without a registered tracer', () => {
  it('should leave the parent context as it is when there is no trace to continue', () => {
    const { span, context } = startSpan('send orders', { kind: SpanKind.PRODUCER, parent: ROOT_CONTEXT });
    expect(span.isRecording()).toBe(false);
    expect(context).toBe(ROOT_CONTEXT);
    expect(addTraceHeaders({ 'message-type': 'OrderPlaced' }, context)).toEqual({ 'message-type': 'OrderPlaced' });
    expect(traceContext.with(context, traceLogFields)).toEqual({});
  });

  it("should still carry a caller's trace it continues", () => {
    const caller = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED };
    const { span, context } = startSpan('send orders', { kind: SpanKind.PRODUCER, parent: trace.setSpanContext(ROOT_CONTEXT, caller) });
    expect(span.spanContext()).toEqual(caller);
    expect(trace.getSpan(context)).toBe(span);
  });
});

describe('endFailed', () => {
  // Found by a hostile review: an exported span carried a handler's error text whole.
  it("should record a failure's text with any card number masked, and end the span", () => {
    const recorded: unknown[] = [];
    let ended = false;
    const span = {
      isRecording: () => true,
      recordException: (exception: unknown) => void recorded.push(exception),
      setStatus: (status: unknown) => void recorded.push(status),
      end: () => void (ended = true),
    } as unknown as Span;
    endFailed(span, new Error('card 4111-1111-1111-1111 declined'));
    expect(ended).toBe(true);
    expect(JSON.stringify(recorded)).not.toMatch(/4111/);
    expect(recorded).toContainEqual(expect.objectContaining({ message: 'card [card number removed] declined' }));
    endFailed(span, 'thrown 4111111111111111');
    expect(JSON.stringify(recorded)).not.toMatch(/4111/);
  });
});
