// Request-level policy: bodies must be UTF-8 and uncompressed JSON, and each request is
// logged once, by path only (a query string can carry anything, card numbers included), with
// any card number in the path masked. Header values are never echoed: a client controls them.
import { isUtf8 } from 'node:buffer';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { HttpError, loggablePath } from './http-errors.js';
import { inRequestTrace } from './tracing-hooks.js';

const UTF8 = /^utf-?8$/i;

const NOT_UTF8 = 'Send the order as JSON encoded in UTF-8 (charset=utf-8 or none).';

export function registerRequestHooks(app: FastifyInstance): void {
  // Fastify's own JSON parser decodes the body replacing bytes that are not UTF-8 with U+FFFD, so
  // such a body reached Kafka as an order with damaged text: it is refused before it is decoded.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    if (!isUtf8(body)) done(new HttpError(415, NOT_UTF8), undefined);
    else parseJson(request, body.toString('utf8'), done);
  });
  app.addHook('onRequest', async (request) => {
    const type = request.headers['content-type'];
    const charset = typeof type === 'string' ? /;\s*charset="?([^";\s]+)"?/i.exec(type)?.[1] : undefined;
    if (charset !== undefined && !UTF8.test(charset)) {
      throw new HttpError(415, NOT_UTF8);
    }
    const encoding = request.headers['content-encoding'];
    if (encoding !== undefined && encoding.toLowerCase() !== 'identity') {
      throw new HttpError(415, 'Compressed request bodies are not accepted (Content-Encoding); send plain JSON.');
    }
  });
  app.addHook('onResponse', async (request, reply) => {
    const probe = request.routeOptions.url?.startsWith('/health') === true;
    // At warn, the production level under load, nothing is built for a line that is not written.
    if (!isLevelEnabled(request.log, probe ? 'debug' : 'info')) return;
    const fields = {
      method: request.method,
      path: loggablePath(request.url),
      statusCode: reply.statusCode,
      responseTimeMs: Math.round(reply.elapsedTime * 10) / 10,
    };
    if (probe) request.log.debug(fields, 'request completed');
    else inRequestTrace(request, () => request.log.info(fields, 'request completed'));
  });
}

/** pino answers; a logger that cannot say (Fastify's no-op one) is taken to log everything it is given. */
function isLevelEnabled(log: FastifyBaseLogger, level: 'debug' | 'info'): boolean {
  return (log as { isLevelEnabled?: (level: string) => boolean }).isLevelEnabled?.(level) !== false;
}
