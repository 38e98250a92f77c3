// /health and /metrics on a port of their own (HEALTH_PORT), answered whatever the orders' port
// is doing. On the orders' port they count against HTTP_MAX_CONNECTIONS: a replica holding its
// bound under load refuses the kubelet's probes too, leaves the Service (its orders go to the
// others, as loaded) and is then restarted by its liveness probe, which turns overload into an
// outage. Built here, served by main.ts.
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { answerUnreadableRequest, registerErrorHandling } from './http-errors.js';
import { serveMetrics, type OrderApiMetrics } from './metrics.js';
import { healthRoutes, type ReadinessCheck } from './routes/health.js';

export interface ManagementDeps {
  readiness: ReadinessCheck;
  metrics?: OrderApiMetrics;
  /** Where a failing scrape is logged; probes and scrapes themselves are not. */
  logger?: FastifyServerOptions['loggerInstance'];
}

/** Probes and scrapes send a request line and a few headers: one still sending after this long is cut. */
const REQUEST_TIMEOUT_MS = 10_000;

export async function buildManagementApp({ readiness, metrics, logger }: ManagementDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    logController: new LogController({ disableRequestLogging: true }),
    requestTimeout: REQUEST_TIMEOUT_MS,
    // Checked every second: Node's defaults let a client hold a connection for minutes.
    http: { headersTimeout: REQUEST_TIMEOUT_MS, connectionsCheckingInterval: 1_000 },
    // As the orders' port answers them: Fastify's own answers echo the URL, query string included.
    frameworkErrors: answerUnreadableRequest,
  }).withTypeProvider<ZodTypeProvider>();
  registerErrorHandling(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(healthRoutes, { readiness });
  if (metrics) serveMetrics(app, metrics.registry);
  return app;
}
