// The one place errors become HTTP responses. Client mistakes get a 4xx saying what to fix;
// Kafka trouble gets 503 + Retry-After; anything else is a 500 that reveals nothing inside.
import { ErrorCode, isMessagingError, maskCardNumbers, type MessagingError } from '@tacocloud/messaging';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { inRequestTrace } from './tracing-hooks.js';

// A timed-out send may still be written by Kafka after we answered (the idempotent producer
// keeps trying), so that answer tells the client how to retry safely.
const UNCONFIRMED =
  'The order was not accepted: Kafka did not confirm it in time. It may still reach the kitchen, so retry ' +
  'with the same Idempotency-Key: the retry gets the same order id, by which the kitchen can tell a duplicate ' +
  '(delivery is at least once, and a key whose digits pass for a card number keeps its id only on replicas that share a secret).';
const UNAVAILABLE = 'The order was not accepted: the order queue is not available right now. Retry later.';

/** Enough to show every field of an order; a body with thousands of unknown keys gets a sample. */
const MAX_VIOLATIONS = 50;

/** Seconds a client should wait before retrying when Kafka is not taking orders. */
export const RETRY_AFTER_SECONDS = 5;

export interface Violation {
  field: string;
  message: string;
}

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  violations?: Violation[];
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** A client mistake with the answer for it: thrown anywhere in a request, written by handleError. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

function errorBody(statusCode: number, message: string, violations?: Violation[]): ErrorBody {
  return { statusCode, error: REASONS[statusCode] ?? 'Error', message, ...(violations && { violations }) };
}

/** Fastify's `frameworkErrors`: a request it could not read (a malformed URL or headers) gets a 400. */
export function answerUnreadableRequest(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  // Not error.message: for a malformed URL it holds the whole URL, query string (and any
  // card number a client put there) included.
  request.log.info({ code: error.code, path: loggablePath(request.url) }, 'Request could not be read');
  // Fastify answers these before routing, so the onSend hook that adds the id never runs.
  void handleError(
    new HttpError(400, 'The request could not be read: malformed URL or headers.', { 'x-request-id': request.id }),
    request,
    reply,
  );
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((request) => {
    throw new HttpError(404, `No route for ${request.method} ${loggablePath(request.url)}`);
  });
  app.setErrorHandler(handleError);
}

/** The one place an error becomes an HTTP answer: every error body leaves order-api here, logged in the request's trace. */
export function handleError(error: FastifyError | HttpError, request: FastifyRequest, reply: FastifyReply) {
  return inRequestTrace(request, () => answerError(error, request, reply));
}

function answerError(error: FastifyError | HttpError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof HttpError) {
    request.log.info({ statusCode: error.statusCode }, error.message);
    return reply.code(error.statusCode).headers(error.headers).send(errorBody(error.statusCode, error.message));
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const violations = error.validation.flatMap(toViolations);
    const headers = error.validationContext === 'headers';
    const shown = violations.slice(0, MAX_VIOLATIONS);
    const more = violations.length - shown.length;
    const message = `${headers ? 'Invalid headers' : 'Invalid order'}${more > 0 ? ` (first ${MAX_VIOLATIONS} of ${violations.length} problems)` : ''}`;
    return reply.code(400).send(errorBody(400, message, shown));
  }
  if (isMessagingError(error)) return sendMessagingError(error, request, reply);
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    request.log.info({ code: error.code, statusCode: status }, error.message);
    return reply.code(status).send(errorBody(status, clientMessage(error)));
  }
  request.log.error({ err: error }, 'Unexpected error');
  return reply.code(500).send(errorBody(500, 'Something went wrong on our side; the order was not accepted.'));
}

function sendMessagingError(error: MessagingError, request: FastifyRequest, reply: FastifyReply) {
  // A revoked ACL or password is the operator's to fix, not the client's: unavailable, not a bug of ours.
  if (error.code === ErrorCode.KafkaAccessDenied) {
    request.log.error({ code: error.code, err: error }, 'Order not accepted: Kafka refused our access');
    return reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS)).send(errorBody(503, UNAVAILABLE));
  }
  if (error.retriable) {
    // One line per refused order, with its request id, but no stack: in an outage every order
    // is refused for the same known reason, and a stack each made the lines five times longer.
    const cause = error.cause instanceof Error ? { cause: error.cause.message } : {};
    request.log.warn({ code: error.code, reason: error.message, ...cause }, 'Order not accepted: Kafka unavailable');
    return reply
      .code(503)
      .header('retry-after', String(RETRY_AFTER_SECONDS))
      .send(errorBody(503, error.code === ErrorCode.SendTimeout ? UNCONFIRMED : UNAVAILABLE));
  }
  request.log.error({ code: error.code, err: error }, 'Order could not be published');
  return reply.code(500).send(errorBody(500, 'Something went wrong on our side; the order was not accepted.'));
}

/** Fastify's own 4xx messages are written for clients; the media-type one gets our wording. */
function clientMessage(error: FastifyError): string {
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 'Send the order as JSON (Content-Type: application/json).';
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 'The request body is larger than this API accepts.';
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) return 'The request body is not valid JSON.';
  return error.message;
}

type ValidationItem = { instancePath: string; message?: string; keyword: string; params: Record<string, unknown> };

/** One entry per invalid field; an unknown field is reported under its own name. */
function toViolations(item: ValidationItem): Violation[] {
  const field = item.instancePath.replace(/^\//, '').replaceAll('/', '.');
  if (item.keyword === 'unrecognized_keys') {
    const keys = (item.params as Partial<z.core.$ZodIssueUnrecognizedKeys>).keys ?? [];
    return keys.map((key) => ({ field: echoable(field ? `${field}.${key}` : key), message: 'Unknown field' }));
  }
  return [{ field: echoable(field) || '(body)', message: item.message ?? 'Invalid value' }];
}

/** Longest field name echoed: an order's own are under 40 characters. */
const MAX_FIELD_CHARS = 100;

/** A field name as a client wrote it (an unknown key may be anything, a card number too), fit to echo. */
function echoable(field: string): string {
  const masked = maskCardNumbers(field);
  return masked.length <= MAX_FIELD_CHARS ? masked : `${masked.slice(0, MAX_FIELD_CHARS)}…`;
}

/**
 * A URL's path as it may be logged or echoed: without its query string, percent-decoded where
 * it can be (so an encoded digit is seen as one), and with any card number in it masked.
 */
export function loggablePath(url: string): string {
  let path = url.split('?')[0] ?? '';
  // Decoded again while escapes are left (a digit encoded twice is a digit too), a few rounds at
  // most: each round costs a pass over the path, and a client chooses how deep it nests them.
  for (let round = 0; round < MAX_DECODING_ROUNDS && path.includes('%'); round++) {
    const decoded = path.replace(/(?:%[0-9a-f]{2})+/gi, decodeEscapes);
    if (decoded === path) break;
    path = decoded;
  }
  return maskCardNumbers(path);
}

const MAX_DECODING_ROUNDS = 4;

/**
 * A run of escapes decoded as UTF-8 or, where it is not, escape by escape for ASCII: one
 * malformed escape left the whole path encoded, card digits in it too (a hostile review).
 */
function decodeEscapes(run: string): string {
  try {
    return decodeURIComponent(run);
  } catch {
    return run.replace(/%([0-7][0-9a-f])/gi, (_escape, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
}
