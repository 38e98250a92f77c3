// Request-level policy: bodies must be UTF-8 and uncompressed JSON, and each request is
// logged once, by path only (a query string can carry anything, card numbers included).
import type { FastifyInstance } from 'fastify';
import { HttpError } from './http-errors.js';
import { inRequestTrace } from './tracing-hooks.js';

const UTF8 = /^utf-?8$/i;

export function registerRequestHooks(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const type = request.headers['content-type'];
    const charset = typeof type === 'string' ? /;\s*charset="?([^";\s]+)"?/i.exec(type)?.[1] : undefined;
    if (charset !== undefined && !UTF8.test(charset)) {
      throw new HttpError(415, `Send the order as JSON encoded in UTF-8, not ${charset}.`);
    }
    const encoding = request.headers['content-encoding'];
    if (encoding !== undefined && encoding.toLowerCase() !== 'identity') {
      throw new HttpError(415, `Compressed request bodies (${encoding}) are not accepted; send plain JSON.`);
    }
  });
  app.addHook('onResponse', async (request, reply) => {
    const fields = {
      method: request.method,
      path: request.url.split('?')[0],
      statusCode: reply.statusCode,
      responseTimeMs: Math.round(reply.elapsedTime * 10) / 10,
    };
    if (request.routeOptions.url?.startsWith('/health')) request.log.debug(fields, 'request completed');
    else inRequestTrace(request, () => request.log.info(fields, 'request completed'));
  });
}
