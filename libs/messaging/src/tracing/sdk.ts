// The OpenTelemetry SDK for an app process: spans are always made (their ids go into log lines,
// so one order can be followed across both apps), and exported over OTLP/HTTP only when
// OTEL_EXPORTER_OTLP_ENDPOINT is set. OTEL_SDK_DISABLED=true leaves the no-op API in place.
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

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
  const exporter = endpoint === undefined ? undefined : new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: exporter ? [new BatchSpanProcessor(exporter)] : [],
  });
  // Registers the AsyncLocalStorage context manager and the W3C trace context propagator.
  provider.register();
  return { shutdown: () => provider.shutdown() };
}
