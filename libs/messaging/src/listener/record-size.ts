// Sizes of a record's parts in bytes, as the broker counts them against max.message.bytes:
// what decides whether a record is accepted and whether its dead letter fits.
import type { IHeaders } from 'kafkajs';

type HeaderValue = IHeaders[string];

/** One header's bytes, name and every value (kafkajs gives a repeated header as an array). */
export function headerBytes(name: string, value: HeaderValue): number {
  let bytes = Buffer.byteLength(name);
  if (Array.isArray(value)) for (const one of value) bytes += valueBytes(one);
  else bytes += valueBytes(value);
  return bytes;
}

export function headersBytes(headers: IHeaders | undefined): number {
  if (headers === undefined || headers === null) return 0;
  let bytes = 0;
  // A loop, not entries/reduce: the listener sizes every record's headers.
  for (const name of Object.keys(headers)) bytes += headerBytes(name, headers[name]);
  return bytes;
}

/** kafkajs gives Buffers (null for a header without a value); a producer's own headers may be strings. */
function valueBytes(value: unknown): number {
  if (Buffer.isBuffer(value)) return value.length;
  return typeof value === 'string' ? Buffer.byteLength(value) : 0;
}
