// Spans for log lines only. Without an exporter nothing ever reads a span but the log lines that
// name it, and the SDK's spans (attributes sanitized, clocks read, ended and handed to
// processors) cost the listener a third of its throughput at one span per record. This
// provider's spans record nothing: each has its own id, continues the trace of its parent (the
// caller's traceparent, the record's), and keeps the parent's sampled flag, so a downstream
// process that does export records what it would have recorded behind the SDK.
import { randomFillSync } from 'node:crypto';
import {
  context as contextApi,
  INVALID_SPANID,
  INVALID_TRACEID,
  isSpanContextValid,
  trace,
  TraceFlags,
  type Context,
  type Span,
  type SpanOptions,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';

/** Random bytes drawn 4 KB at a time: one system call per ~170 spans instead of one per id. */
const pool = Buffer.alloc(4_096);
let poolOffset = pool.length;

function randomHex(bytes: 8 | 16, invalid: string): string {
  for (;;) {
    if (poolOffset + bytes > pool.length) {
      randomFillSync(pool);
      poolOffset = 0;
    }
    const id = pool.toString('hex', poolOffset, (poolOffset += bytes));
    if (id !== invalid) return id;
  }
}

export const newTraceId = (): string => randomHex(16, INVALID_TRACEID);
export const newSpanId = (): string => randomHex(8, INVALID_SPANID);

class LogCorrelationTracer implements Tracer {
  startSpan(_name: string, options?: SpanOptions, ctx: Context = contextApi.active()): Span {
    const parent = options?.root ? undefined : trace.getSpanContext(ctx);
    if (parent && isSpanContextValid(parent)) {
      return trace.wrapSpanContext({ ...parent, spanId: newSpanId(), isRemote: false });
    }
    // A new trace, marked sampled as the SDK's default sampler marks it.
    return trace.wrapSpanContext({ traceId: newTraceId(), spanId: newSpanId(), traceFlags: TraceFlags.SAMPLED });
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, ctx: Context, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    ...args: [F] | [SpanOptions, F] | [SpanOptions, Context, F]
  ): ReturnType<F> {
    const fn = args[args.length - 1] as F;
    const options = args.length > 1 ? (args[0] as SpanOptions) : undefined;
    const parent = args.length > 2 ? (args[1] as Context) : contextApi.active();
    const span = this.startSpan(name, options, parent);
    return contextApi.with(trace.setSpan(parent, span), fn as (span: Span) => ReturnType<F>, undefined, span);
  }
}

export class LogCorrelationTracerProvider implements TracerProvider {
  private readonly tracer = new LogCorrelationTracer();

  getTracer(): Tracer {
    return this.tracer;
  }
}
