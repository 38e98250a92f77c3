// JSON on the wire. Pure functions, so the encoding can be swapped.
import { InvalidMessageError, PoisonReason } from '../errors.js';

/**
 * The value's JSON text, as the record's value. Text, not a Buffer: a Buffer is memory outside
 * V8's heap, and V8 starts a mark-compact each time such memory grows by tens of MB. A Buffer of
 * 900 bytes a record made the typed producer run ten mark-compacts per 100,000 records where
 * raw kafkajs, which hands over text, ran one; each costs in proportion to the whole heap, so in
 * a process holding 200 MB the typed producer ran 0.51-0.63x raw kafkajs, and 0.92x with text
 * (docs/benchmarks.md, "Session 22"). Its byte length is measured again on the way (about 0.2 µs).
 */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value);
}

export function decodeJson(bytes: Buffer | null): unknown {
  if (bytes === null || bytes.length === 0) throw new InvalidMessageError('Record has no value', [], { reason: PoisonReason.EmptyValue });
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch (error) {
    throw new InvalidMessageError(`Record value is not JSON: ${(error as Error).message}`, [], {
      cause: error,
      reason: PoisonReason.NotJson,
    });
  }
}
