// JSON on the wire, validated at both edges. Pure functions, so the encoding can be swapped.
import type { z } from 'zod';
import { InvalidMessageError, PoisonReason, type Violation } from '../errors.js';

export function encodeJson(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

export function decodeJson(bytes: Buffer | null): unknown {
  if (bytes === null || bytes.length === 0) throw new InvalidMessageError('Record has no value', [], { reason: PoisonReason.EmptyValue });
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch (error) {
    throw new InvalidMessageError(`Record value is not JSON: ${(error as Error).message}`, [], { cause: error, reason: PoisonReason.NotJson });
  }
}

/** Parses with the schema, turning zod's issues into named violations. */
export function validate<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new InvalidMessageError(`${what} does not match its schema`, toViolations(result.error.issues));
}

export function toViolations(issues: readonly z.core.$ZodIssue[]): Violation[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}
