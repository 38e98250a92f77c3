// Builds the order-api Fastify app from its dependencies; never listens (see main.ts).
import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import type { OrderMessagingService } from '@tacocloud/messaging';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { registerErrorHandling } from './http-errors.js';
import { healthRoutes, type ReadinessCheck } from './routes/health.js';
import { ordersRoute } from './routes/orders.js';

export interface AppDeps {
  messaging: OrderMessagingService;
  readiness?: ReadinessCheck;
  logger?: FastifyServerOptions['loggerInstance'];
  bodyLimit?: number;
}

/** A request id from the caller's X-Request-Id when it is sane, else a new one. */
const REQUEST_ID = /^[\w.:-]{1,128}$/;

export async function buildApp({ messaging, readiness = () => ({}), logger, bodyLimit = 64 * 1024 }: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    bodyLimit,
    requestIdHeader: false,
    genReqId: (request) => {
      const header = request.headers['x-request-id'];
      return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
    },
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Orders are JSON only: without this, Fastify would parse text/plain and answer 400, not 415.
  app.removeContentTypeParser('text/plain');
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  registerErrorHandling(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Taco Cloud order API',
        version: '1.0.0',
        description: 'Takes taco orders over HTTP and hands them to the kitchen through Kafka.',
      },
      tags: [{ name: 'orders' }, { name: 'health' }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(ordersRoute, { messaging });
  await app.register(healthRoutes, { readiness });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
