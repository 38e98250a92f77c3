// Response shapes of the API, in zod: they serialise responses and document them in OpenAPI.
import { z } from 'zod';

export const OrderReceiptResponse = z
  .object({
    status: z.literal('accepted'),
    orderId: z.uuid(),
    topic: z.string(),
    partition: z.number().int(),
    offset: z.string().describe('Kafka offset (a 64-bit number, as text)'),
    timestamp: z.string().describe('Kafka record timestamp, ISO 8601'),
  })
  .describe('The order is durably in Kafka');

export const ErrorResponse = z.object({
  statusCode: z.number().int(),
  error: z.string(),
  message: z.string(),
  violations: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});

export const HealthResponse = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.record(z.string(), z.boolean()).optional(),
});
