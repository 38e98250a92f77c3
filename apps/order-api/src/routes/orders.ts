// POST /orders: validate the order, publish it through the OrderMessagingService and answer
// 202 with the receipt only once Kafka acknowledged it. 202 means durably in Kafka.
import { orderIdForIdempotencyKey, TacoOrder, type OrderMessagingService } from '@tacocloud/messaging';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError } from '../http-errors.js';
import { inRequestTrace } from '../tracing-hooks.js';
import { ErrorResponse, OrderReceiptResponse } from './schemas.js';

export interface OrdersRouteOptions {
  messaging: OrderMessagingService;
  /** Keys the order ids of Idempotency-Keys whose digits pass for a card number (orderIdForIdempotencyKey). */
  idempotencySecret: Uint8Array;
}

/** Printable ASCII without spaces, as in the IETF Idempotency-Key draft's examples. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export const ordersRoute: FastifyPluginAsyncZod<OrdersRouteOptions> = async (app, { messaging, idempotencySecret }) => {
  app.post(
    '/orders',
    {
      schema: {
        summary: 'Place a taco order',
        description:
          'Validates the order and hands it to the kitchen through Kafka. 202 means the order is durably stored ' +
          'in Kafka (acknowledged by all in-sync replicas). The card number and CVV never leave this service.',
        tags: ['orders'],
        headers: z.object({
          'idempotency-key': z
            .string({ error: 'Send at most one Idempotency-Key header' })
            // Node joins repeated headers with ", ", so two keys fail here, for their space.
            .regex(IDEMPOTENCY_KEY, {
              error: 'Must be one key of 1 to 255 printable ASCII characters without spaces',
              abort: true,
            })
            .optional()
            .describe(
              'Optional. Retrying the same order with the same key gets the same order id and partition (a key whose ' +
                'digits pass for a card number, as a millisecond timestamp often does, only on replicas that share ' +
                'IDEMPOTENCY_SECRET). Delivery is at ' +
                'least once (a duplicate is possible after a timeout, a crash or a rebalance): the order id is the ' +
                "kitchen's idempotency key.",
            ),
        }),
        body: TacoOrder,
        response: {
          202: OrderReceiptResponse,
          400: ErrorResponse.describe('Invalid order: every invalid field with its message'),
          413: ErrorResponse.describe('Body larger than the limit'),
          415: ErrorResponse.describe('Body is not JSON'),
          503: ErrorResponse.describe('Kafka did not take the order in time; retry after Retry-After seconds'),
        },
      },
    },
    async (request, reply) =>
      inRequestTrace(request, async () => {
        const key = request.headers['idempotency-key'];
        const receipt = await messaging.sendOrder(request.body, {
          correlationId: request.id,
          ...(key !== undefined && { orderId: orderIdForIdempotencyKey(key, request.body, idempotencySecret) }),
        });
        request.log.info({ orderId: receipt.orderId, partition: receipt.partition, offset: receipt.offset }, 'Order accepted');
        return reply.code(202).send({ status: 'accepted' as const, ...receipt });
      }),
  );

  // Orders are only ever placed: every other method the server knows gets 405 and the one that
  // works (HEAD comes with GET).
  app.route({
    method: app.supportedMethods.filter((method) => method !== 'POST' && method !== 'HEAD'),
    url: '/orders',
    schema: { hide: true },
    handler: async (request) => {
      throw new HttpError(405, `${request.method} is not allowed on /orders; use POST.`, { allow: 'POST' });
    },
  });
};
