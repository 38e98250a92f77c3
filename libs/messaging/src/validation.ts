// Schema validation with zod's issues turned into named violations: used by the producer
// before sending and by the listener after decoding.
import type { z } from 'zod';
import { InvalidMessageError, type Violation } from './errors.js';

export function validate<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new InvalidMessageError(`${what} does not match its schema`, toViolations(result.error.issues));
}

export function toViolations(issues: readonly z.core.$ZodIssue[]): Violation[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}
