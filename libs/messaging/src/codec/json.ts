// JSON on the wire. Pure functions, so the encoding can be swapped.
import { InvalidMessageError, PoisonReason } from '../errors.js';

export function encodeJson(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
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
