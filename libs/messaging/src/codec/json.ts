// JSON on the wire. Pure functions, so the encoding can be swapped.
import { InvalidMessageError, PoisonReason } from '../errors.js';

/**
 * The JSON text of `value`; the producer's record encoder writes it as UTF-8 straight into the
 * record batch (a Buffer of its own per value was made only to be copied there).
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
