import type { IHeaders, KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { fallbacks } from './dead-letter-fallbacks.js';

describe('fallbacks', () => {
  // Found by a hostile review: the cut-down letter's headers were set by assignment, so one named
  // `__proto__` became the object's prototype, left the letter and was not counted as dropped.
  it('should keep a header named __proto__ in the letter cut down to fit, as its own header', () => {
    const headers = JSON.parse('{"__proto__": "kept", "big": null}') as IHeaders;
    headers['big'] = Buffer.alloc(20_000);
    const message = { key: null, value: Buffer.from('x'), headers, offset: '0', timestamp: '0', attributes: 0 } as KafkaMessage;
    const [, small] = fallbacks(message);
    expect(Object.keys(small!.headers)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(small!.headers, '__proto__')?.value).toBe('kept');
    expect(Object.getPrototypeOf(small!.headers)).toBe(Object.prototype);
    expect(small!.dropped.headers).toBeGreaterThan(20_000);
  });
});
