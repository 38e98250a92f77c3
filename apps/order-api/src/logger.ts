// pino options for order-api: JSON lines, and card data redacted wherever it might appear.
import type { LoggerOptions } from 'pino';
import { isoTimeField, traceLogFields, type LogLevel } from '@tacocloud/messaging';

/** Paths pino blanks out; a request body is never logged, this guards against mistakes. */
export const REDACTED_PATHS = [
  'ccNumber',
  'ccCVV',
  '*.ccNumber',
  '*.ccCVV',
  '*.*.ccNumber',
  '*.*.ccCVV',
  'req.headers.authorization',
  'req.headers.cookie',
];

export function loggerOptions(level: LogLevel): LoggerOptions {
  return {
    level,
    base: { service: 'order-api' },
    // trace_id and span_id of the active span: one order can be followed across both apps.
    mixin: traceLogFields,
    redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
    timestamp: isoTimeField(),
  };
}
