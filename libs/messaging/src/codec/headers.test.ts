import { describe, expect, it } from 'vitest';
import { headersBytes } from '../listener/record-size.js';
import { decodeHeaders } from './headers.js';

describe('decodeHeaders', () => {
  it('should give the last value of each header as text, skip headers without a value and keep any name as a header', () => {
    const raw = JSON.parse('{"__proto__": "x"}') as Record<string, unknown>;
    Object.assign(raw, { 'message-id': Buffer.from('m-1'), repeated: [Buffer.from('a'), Buffer.from('b')], empty: null, constructor: 'c' });
    const headers = decodeHeaders(raw);
    expect(Object.entries(headers)).toEqual([
      ['__proto__', 'x'],
      ['message-id', 'm-1'],
      ['repeated', 'b'],
      ['constructor', 'c'],
    ]);
    expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
  });

  it('should take no headers, undefined or null, as none', () => {
    expect(decodeHeaders(undefined)).toEqual({});
    expect(decodeHeaders(null as unknown as undefined)).toEqual({});
    expect(headersBytes(null as unknown as undefined)).toBe(0);
  });
});
