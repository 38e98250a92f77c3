// Tracing for an app process: spans are always made (their ids go into log lines, so one order
// can be followed across both apps). With OTEL_EXPORTER_OTLP_ENDPOINT set they are the
// OpenTelemetry SDK's, exported over OTLP/HTTP; without it they are log-correlation spans that
// record nothing (log-correlation.ts). OTEL_SDK_DISABLED=true leaves the no-op API in place.
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { LogCorrelationTracerProvider } from './log-correlation.js';

export interface TracingConfig {
  enabled: boolean;
  serviceName: string;
  /** The collector's base URL; spans go to `<endpoint>/v1/traces`. None: spans are not exported. */
  endpoint?: string;
}

export interface Tracing {
  /** Sends the spans still buffered and stops; part of graceful shutdown. */
  shutdown(): Promise<void>;
}

export function startTracing({ enabled, serviceName, endpoint }: TracingConfig): Tracing {
  if (!enabled) return { shutdown: async () => undefined };
  if (endpoint === undefined) {
    // What NodeTracerProvider.register() sets up, with spans that only name log lines.
    const contextManager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(contextManager);
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(new LogCorrelationTracerProvider());
    return {
      shutdown: async () => {
        trace.disable();
        propagation.disable();
        context.disable();
      },
    };
  }
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` }))],
  });
  // Registers the AsyncLocalStorage context manager and the W3C trace context propagator.
  provider.register();
  return { shutdown: () => provider.shutdown() };
}
