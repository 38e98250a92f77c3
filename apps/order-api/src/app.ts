// Builds the order-api Fastify app from its dependencies; never listens (see main.ts).
import { randomBytes } from 'node:crypto';
import swagger from '@fastify/swagger';
import { holdsCardNumber, newId, type OrderMessagingService } from '@tacocloud/messaging';
import Fastify, { LogController, type FastifyInstance, type FastifySchemaCompiler, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { answerUnreadableRequest, registerErrorHandling } from './http-errors.js';
import { registerMetrics, serveMetrics, type OrderApiMetrics } from './metrics.js';
import { registerRequestHooks } from './request-hooks.js';
import { registerTracingHooks } from './tracing-hooks.js';
import { healthRoutes, type ReadinessCheck } from './routes/health.js';
import { ordersRoute } from './routes/orders.js';

export interface AppDeps {
  messaging: OrderMessagingService;
  readiness?: ReadinessCheck;
  /** Prometheus metrics served at GET /metrics; none when absent. */
  metrics?: OrderApiMetrics;
  logger?: FastifyServerOptions['loggerInstance'];
  bodyLimit?: number;
  /** REQUEST_TIMEOUT_MS unless a test wants less. */
  requestTimeoutMs?: number;
  /** False when buildManagementApp serves /health and /metrics on a port of their own (HEALTH_PORT). */
  servesHealthAndMetrics?: boolean;
  /**
   * IDEMPOTENCY_SECRET: keys the order ids of Idempotency-Keys whose digits pass for a card number.
   * Random when absent, so such a key is idempotent within this process only.
   */
  idempotencySecret?: Uint8Array;
}

/** How long a client has to send a whole request, headers and body (docs/api.md). */
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * A request id from the caller's X-Request-Id when it is sane, else a new one. It travels into
 * every log line and the record's correlation-id header, so one holding a card number is not sane.
 */
const REQUEST_ID = /^[\w.:-]{1,128}$/;
const isSaneRequestId = (id: unknown): id is string => typeof id === 'string' && REQUEST_ID.test(id) && !holdsCardNumber(id);

/**
 * zod's compiled parser takes a valid order in under half the time of its interpreter (3 µs of 7
 * here, on every order), and hands an invalid one to the interpreter: a 400 names the same issues.
 */
const compiledValidatorCompiler: FastifySchemaCompiler<z.core.$ZodType> = ({ schema, ...route }) =>
  validatorCompiler({ ...route, schema: z.compile(schema) });

export async function buildApp({
  messaging,
  readiness = () => ({}),
  metrics,
  logger,
  bodyLimit = 64 * 1024,
  requestTimeoutMs = REQUEST_TIMEOUT_MS,
  servesHealthAndMetrics = true,
  idempotencySecret = randomBytes(32),
}: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    bodyLimit,
    requestIdHeader: false,
    // Fastify logs each request twice with its full URL; request-hooks.ts logs it once, by path.
    logController: new LogController({ disableRequestLogging: true }),
    // A client gets 10 s to send a whole request (an order is a few KB): a stalled upload
    // cannot hold a connection open, nor keep a graceful shutdown waiting.
    requestTimeout: requestTimeoutMs,
    http: {
      // Node checks these limits every connectionsCheckingInterval (30 s by default), and with
      // its 60 s headersTimeout above requestTimeout a body sent a byte every 250 ms was taken
      // whole after 74 s and a stalled one cut only after 69-90 s (a hostile review's finding).
      headersTimeout: requestTimeoutMs,
      connectionsCheckingInterval: 1_000,
    },
    frameworkErrors: answerUnreadableRequest,
    genReqId: (request) => {
      const header = request.headers['x-request-id'];
      return isSaneRequestId(header) ? header : newId();
    },
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(compiledValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Orders are JSON only: without this, Fastify would parse text/plain and answer 400, not 415.
  app.removeContentTypeParser('text/plain');
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  registerTracingHooks(app);
  registerErrorHandling(app);
  registerRequestHooks(app);
  if (metrics) registerMetrics(app, metrics);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Taco Cloud order API',
        version: '1.0.0',
        description: 'Takes taco orders over HTTP and hands them to the kitchen through Kafka.',
      },
      tags: [{ name: 'orders' }, ...(servesHealthAndMetrics ? [{ name: 'health' }] : [])],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(ordersRoute, { messaging, idempotencySecret });
  if (servesHealthAndMetrics) {
    await app.register(healthRoutes, { readiness });
    if (metrics) serveMetrics(app, metrics.registry);
  }
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
