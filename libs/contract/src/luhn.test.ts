import { describe, expect, it } from 'vitest';
import { passesLuhn } from './luhn.js';

describe('passesLuhn', () => {
  it.each(['4111111111111111', '5555555555554444', '378282246310005', '6011111111111117'])('should accept test card %s', (card) => {
    expect(passesLuhn(card)).toBe(true);
  });

  it.each(['4111111111111112', '1234567812345678', 'abcd', ''])('should reject %j', (card) => {
    expect(passesLuhn(card)).toBe(false);
  });
});
