// One SERVER span per request, continuing the caller's W3C trace context (traceparent), named
// by the route template: never by the URL, which may carry anything, card numbers included.
// Probes and scrapes are not traced. Handlers run in request.traceContext so the spans they
// start (the Kafka send) and the lines they log belong to the request's trace.
import { contextFromHeaders, SpanKind, SpanStatusCode, startSpan, traceContext, type OtelContext, type Span } from '@tacocloud/messaging';
import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's span and its parent trace; run work in it with traceContext.with(). */
    traceContext: OtelContext;
  }
}

const UNTRACED = /^\/(health|metrics)(\/|$)/;
const spans = new WeakMap<FastifyRequest, Span>();

export function registerTracingHooks(app: FastifyInstance): void {
  app.decorateRequest('traceContext', null as unknown as OtelContext);
  app.addHook('onRequest', async (request) => {
    const route = request.routeOptions.url;
    // traceparent only: it is strictly hex, while tracestate is free text a caller controls, and
    // would travel on into Kafka headers (where a card number must never be). Hex has room for
    // one too: contextFromHeaders starts a new trace for a trace id or parent id holding one.
    request.traceContext = contextFromHeaders({ traceparent: request.headers.traceparent });
    if (route !== undefined && UNTRACED.test(route)) return;
    const name = `${request.method} ${route ?? '(no route)'}`;
    const attributes = { 'http.request.method': request.method, ...(route !== undefined && { 'http.route': route }) };
    const { span, context } = startSpan(name, { kind: SpanKind.SERVER, parent: request.traceContext, attributes });
    spans.set(request, span);
    request.traceContext = context;
  });
  app.addHook('onResponse', async (request, reply) => end(request, reply.statusCode));
  app.addHook('onRequestAbort', async (request) => end(request, undefined));
}

function end(request: FastifyRequest, statusCode: number | undefined): void {
  const span = spans.get(request);
  if (!span) return;
  spans.delete(request);
  if (statusCode === undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: 'client closed the request' });
  else {
    span.setAttribute('http.response.status_code', statusCode);
    if (statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}

/** Runs `work` in the request's trace, so its log lines carry trace_id and span_id. */
export function inRequestTrace<R>(request: FastifyRequest, work: () => R): R {
  return request.traceContext ? traceContext.with(request.traceContext, work) : work();
}
