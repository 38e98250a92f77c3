// Schema validation with zod's issues turned into named violations: used by the producer
// before sending and by the listener after decoding. Each schema runs compiled (z.compile):
// a valid value takes generated code, several times faster than zod's interpreter on the
// listener's hot path; an invalid one falls back to the interpreter, so the issues, and the
// violations and poison reasons built from them, stay exactly zod's. A schema zod cannot
// compile (async refinements, cycles) is handed back as it is and still works.
import { z } from 'zod';
import { InvalidMessageError, type Violation } from './errors.js';

const compiledSchemas = new WeakMap<z.ZodType, z.ZodType>();

function compiled<T>(schema: z.ZodType<T>): z.ZodType<T> {
  let fast = compiledSchemas.get(schema);
  if (!fast) compiledSchemas.set(schema, (fast = z.compile(schema)));
  return fast as z.ZodType<T>;
}

export function validate<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = compiled(schema).safeParse(value);
  if (result.success) return result.data;
  throw new InvalidMessageError(`${what} does not match its schema`, toViolations(result.error.issues));
}

export function toViolations(issues: readonly z.core.$ZodIssue[]): Violation[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}
