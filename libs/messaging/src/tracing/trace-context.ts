// W3C trace context across Kafka: the producer writes the active span's `traceparent` and
// `tracestate` into the record's headers, the listener continues the trace from them, and log
// lines name the span they were written in. Only the OpenTelemetry API is used here: without a
// registered SDK (startTracing) every call is a no-op.
import { holdsCardNumber, maskCardNumbers } from '@tacocloud/contract';
import {
  context,
  INVALID_SPANID,
  INVALID_TRACEID,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type TextMapGetter,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';

// Asked of the provider registered now (startTracing, or a test's): a new one, after another
// was disabled, gets its own tracer. Without one, the API makes a new proxy tracer per call,
// which the listener would pay for every record.
let tracerFrom: { provider: TracerProvider; tracer: Tracer } | undefined;
const tracer = (): Tracer => {
  const provider = trace.getTracerProvider();
  if (tracerFrom?.provider !== provider) tracerFrom = { provider, tracer: provider.getTracer('@tacocloud/messaging') };
  return tracerFrom.tracer;
};

/** The headers W3C trace context travels in (Kafka headers and HTTP headers alike). */
export const TRACE_HEADERS = ['traceparent', 'tracestate'] as const;

/**
 * Adds `traceparent` / `tracestate` for the span active in `ctx` to `headers` (nothing when there
 * is none) and returns them. Only these two: another registered propagator's fields stay out.
 */
export function addTraceHeaders(headers: Record<string, string>, ctx: Context = context.active()): Record<string, string> {
  const spanContext = trace.getSpanContext(ctx);
  if (spanContext === undefined || !trace.isSpanContextValid(spanContext)) return headers;
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  for (const name of TRACE_HEADERS) if (carrier[name] !== undefined) headers[name] = carrier[name];
  return headers;
}

/** `traceparent` / `tracestate` for the span active in `ctx`; empty when there is none. */
export function traceHeaders(ctx: Context = context.active()): Record<string, string> {
  return addTraceHeaders({}, ctx);
}

/**
 * Trace context that holds a card number is not continued: its ids would reach every log line
 * and exported span (a record's producer chooses its headers; a hostile review put a card number
 * in a trace id). The trace then starts afresh.
 */
const HEADER_GETTER: TextMapGetter<Readonly<Record<string, string | string[] | undefined>>> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const raw = carrier[key];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined || !(TRACE_HEADERS as readonly string[]).includes(key)) return value;
    const suspect = key === 'traceparent' ? value.split('-').slice(1, 3) : [value];
    return suspect.some(holdsCardNumber) ? undefined : value;
  },
};

/** The trace a message or request belongs to, from its headers; the root context when it carries none. */
export function contextFromHeaders(headers: Readonly<Record<string, string | string[] | undefined>>): Context {
  return propagation.extract(ROOT_CONTEXT, headers, HEADER_GETTER);
}

/** `trace_id` and `span_id` of the active span, for a pino `mixin`: every line written inside a span names it. */
export function traceLogFields(): { trace_id?: string; span_id?: string } {
  const span = trace.getSpan(context.active())?.spanContext();
  // Every span context here comes from a tracer or a validated traceparent, so the ids are well
  // formed; only the all-zero ids of "no span" remain to rule out, without a regex per log line.
  return span && span.traceId !== INVALID_TRACEID && span.spanId !== INVALID_SPANID ? { trace_id: span.traceId, span_id: span.spanId } : {};
}

export interface SpanOptions {
  kind: SpanKind;
  attributes?: Attributes;
  /** The parent; the active context when absent. */
  parent?: Context;
}

/**
 * Runs `work` in a new active span, ended when it settles; a failure marks the span as an error.
 * A `then` rather than an async wrapper: the listener runs one per record, and the extra async
 * frame and its promises were a measurable part of that.
 */
export function inSpan<R>(name: string, { kind, attributes, parent }: SpanOptions, work: (span: Span) => Promise<R>): Promise<R> {
  return tracer().startActiveSpan(name, { kind, ...(attributes && { attributes }) }, parent ?? context.active(), (span) => {
    let settled: Promise<R>;
    try {
      // A plain JavaScript caller's work may return a value, not a promise.
      settled = Promise.resolve(work(span));
    } catch (error) {
      endFailed(span, error);
      return Promise.reject(error as Error);
    }
    return settled.then(
      (result) => {
        span.end();
        return result;
      },
      (error: unknown) => {
        endFailed(span, error);
        throw error;
      },
    );
  });
}

/**
 * Marks `span` as failed with `error` and ends it. The error's text is masked: a handler's error
 * may quote the record it failed on, and an exported span leaves for a collector (the dead
 * letter and the log lines mask it as well).
 */
export function endFailed(span: Span, error: unknown): void {
  if (span.isRecording()) {
    const { name, message, stack } = (error ?? {}) as Partial<Error>;
    const masked = maskCardNumbers(typeof message === 'string' ? message : String(error));
    span.recordException({
      name: typeof name === 'string' ? name : 'Error',
      message: masked,
      ...(typeof stack === 'string' && { stack: maskCardNumbers(stack) }),
    });
    span.setStatus({ code: SpanStatusCode.ERROR, message: masked });
  }
  span.end();
}

/**
 * Starts a span the caller ends itself (an HTTP request's, ended when the response is sent), and
 * the context it is active in. A span that names nothing (no tracer registered, no trace to
 * continue) leaves the parent context as it is: a context of its own would show no trace either,
 * and cost the producer a Map copied for every record.
 */
export function startSpan(name: string, { kind, attributes, parent }: SpanOptions): { span: Span; context: Context } {
  const parentContext = parent ?? context.active();
  const span = tracer().startSpan(name, { kind, ...(attributes && { attributes }) }, parentContext);
  // The all-zero trace id of "no span", compared rather than validated: no pattern run per record.
  const namesNothing = !span.isRecording() && span.spanContext().traceId === INVALID_TRACEID;
  return { span, context: namesNothing ? parentContext : trace.setSpan(parentContext, span) };
}

export { context as traceContext, SpanKind, SpanStatusCode };
