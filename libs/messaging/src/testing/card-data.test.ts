import { describe, expect, it } from 'vitest';
import { findCardData, findCardDataInLines } from './card-data.js';

const card = { ccNumber: '4111111111111111', ccCVV: '321' };

describe('findCardData', () => {
  it('should find a card number in any grouping, a field holding exactly the CVV, and card fields', () => {
    expect(findCardData({ a: 'paid with 4111-1111 1111-1111' }, card)).toEqual(['$.a']);
    expect(findCardData({ b: [{ c: '321' }] }, card)).toEqual(['$.b[0].c']);
    expect(findCardData({ ccCVV: 'x' }, card)).toEqual(['$.ccCVV (a card field)']);
  });

  it('should not count a CVV that only appears inside other text, or redacted card fields', () => {
    expect(findCardData({ time: '2026-11-25T10:03:21.321Z', id: 'a321b', ms: 321, ccNumber: '[REDACTED]' }, card)).toEqual([]);
  });

  it('should search JSON lines by structure and other lines as text', () => {
    expect(findCardDataInLines(['{"msg":"ok","took":"1321"}', 'plain 4111111111111111', ''], card)).toEqual(['line 2']);
  });
});
