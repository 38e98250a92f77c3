// What of a poison record its dead letter carries when the whole record does not fit the
// DLT: shapes tried in turn, each dropping more, so that the last one fits any DLT that
// can hold the dead-letter headers alone. A record's headers or key can be as large as
// its value (a hostile producer), so they are cut down like the value.
import type { IHeaders, KafkaMessage } from 'kafkajs';
import { headerBytes, headersBytes } from './record-size.js';

/**
 * Original key and headers kept when they are too large together: ids and trace context
 * take a few hundred bytes, and 16 KB of them fits any DLT still worth writing to.
 */
const KEPT_ORIGINAL_BYTES = 16_384;

/** Bytes of the original left out of a dead letter; absent when nothing was. */
export interface Dropped {
  value?: number;
  headers?: number;
  key?: number;
}

export interface Fallback {
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
  dropped: Dropped;
}

/** Whole first, then without oversized headers and key, then also without the value, then bare. */
export function fallbacks(message: KafkaMessage): Fallback[] {
  const whole: Fallback = { key: message.key, value: message.value, headers: message.headers ?? {}, dropped: {} };
  const small = withinBudget(whole);
  const withoutValue = { ...small, value: null, dropped: { ...small.dropped, ...nonZero('value', message.value?.length) } };
  const bare = {
    key: null,
    value: null,
    headers: {},
    dropped: {
      ...nonZero('value', message.value?.length),
      ...nonZero('headers', headersBytes(whole.headers)),
      ...nonZero('key', message.key?.length),
    },
  };
  // A shape that drops nothing more than the one before it would fail the same way.
  return [whole, small, withoutValue, bare].filter((shape, i, all) => i === 0 || !sameDrops(shape.dropped, all[i - 1]!.dropped));
}

function withinBudget(whole: Fallback): Fallback {
  let budget = KEPT_ORIGINAL_BYTES;
  const keyBytes = whole.key?.length ?? 0;
  const keepKey = keyBytes <= budget;
  if (keepKey) budget -= keyBytes;
  const headers: IHeaders = {};
  let droppedHeaders = 0;
  for (const [name, value] of Object.entries(whole.headers)) {
    const bytes = headerBytes(name, value);
    if (bytes <= budget) {
      // `headers[name] =` would set the object's prototype for a header named `__proto__`.
      Object.defineProperty(headers, name, { value, enumerable: true, writable: true, configurable: true });
      budget -= bytes;
    } else {
      droppedHeaders += bytes;
    }
  }
  return {
    key: keepKey ? whole.key : null,
    value: whole.value,
    headers,
    dropped: { ...nonZero('headers', droppedHeaders), ...nonZero('key', keepKey ? 0 : keyBytes) },
  };
}

function nonZero(part: keyof Dropped, bytes: number | undefined): Dropped {
  return bytes ? { [part]: bytes } : {};
}

function sameDrops(a: Dropped, b: Dropped): boolean {
  return a.value === b.value && a.headers === b.headers && a.key === b.key;
}
