export {
  contextFromHeaders,
  inSpan,
  SpanKind,
  SpanStatusCode,
  startSpan,
  traceContext,
  addTraceHeaders,
  traceHeaders,
  traceLogFields,
  TRACE_HEADERS,
  type SpanOptions,
} from './trace-context.js';
export type { Context as OtelContext, Span } from '@opentelemetry/api';
export { startTracing, type Tracing, type TracingConfig } from './sdk.js';
