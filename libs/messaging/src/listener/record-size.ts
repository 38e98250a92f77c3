// Sizes of a record's parts in bytes, as the broker counts them against max.message.bytes:
// what decides whether a record is accepted and whether its dead letter fits.
import type { IHeaders } from 'kafkajs';

type HeaderValue = IHeaders[string];

/** One header's bytes, name and every value (kafkajs gives a repeated header as an array). */
export function headerBytes(name: string, value: HeaderValue): number {
  const values = Array.isArray(value) ? value : [value];
  // kafkajs gives Buffers (null for a header without a value); a producer's own headers may be strings.
  return values.reduce<number>(
    (sum, v) => sum + (typeof v === 'string' || Buffer.isBuffer(v) ? Buffer.byteLength(v) : 0),
    Buffer.byteLength(name),
  );
}

export function headersBytes(headers: IHeaders | undefined): number {
  return Object.entries(headers ?? {}).reduce((sum, [name, value]) => sum + headerBytes(name, value), 0);
}
