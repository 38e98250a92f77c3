import { describe, expect, it } from 'vitest';
import { SAMPLE_ORDER } from './sample-order.js';
import { TacoOrder } from './taco-order.js';

function violations(input: unknown): Record<string, string> {
  const result = TacoOrder.safeParse(input);
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((issue) => [issue.path.join('.'), issue.message]));
}

describe('TacoOrder', () => {
  it('should accept the sample order and keep only the digits of the card number', () => {
    const order = TacoOrder.parse({ ...SAMPLE_ORDER, ccNumber: '4111 1111-1111 1111' });
    expect(order.ccNumber).toBe('4111111111111111');
    expect(order.tacos).toHaveLength(2);
  });

  it.each([
    ['deliveryName', 'Name is required'],
    ['deliveryStreet', 'Street is required'],
    ['deliveryCity', 'City is required'],
    ['deliveryState', 'State is required'],
    ['deliveryZip', 'Zip code is required'],
  ])('should reject a blank or missing %s with "%s"', (field, message) => {
    expect(violations({ ...SAMPLE_ORDER, [field]: '   ' })).toEqual({ [field]: message });
    const { [field as keyof typeof SAMPLE_ORDER]: _omitted, ...without } = SAMPLE_ORDER;
    expect(violations(without)).toEqual({ [field]: message });
  });

  it.each([
    '4111111111111112',
    '1234',
    'not-a-card',
    '',
    '41111111111111111111',
    '0000000000000000',
    '0000 0000 0000 0000',
    '0004111111111111',
  ])('should reject card number %j as "Not a valid credit card number"', (ccNumber) => {
    expect(violations({ ...SAMPLE_ORDER, ccNumber })).toEqual({ ccNumber: 'Not a valid credit card number' });
  });

  it.each(['13/29', '1/29', '10/2029', '10-29', ''])('should reject expiration %j as "Must be formatted MM/YY"', (ccExpiration) => {
    expect(violations({ ...SAMPLE_ORDER, ccExpiration })).toEqual({ ccExpiration: 'Must be formatted MM/YY' });
  });

  it.each(['12', '1234', 'abc', ''])('should reject CVV %j as "Invalid CVV"', (ccCVV) => {
    expect(violations({ ...SAMPLE_ORDER, ccCVV })).toEqual({ ccCVV: 'Invalid CVV' });
  });

  // Regression: names of zero-width spaces only, and control or ANSI escape characters, passed.
  it.each([
    ['deliveryName', '\u200b\u200b\u200b', 'Name is required'],
    ['deliveryCity', '\ufeff\u2060', 'City is required'],
    ['deliveryStreet', '1 Main St\u001b[2J\u001b[31m', 'Must not contain control characters'],
    ['deliveryZip', '81019\u0000', 'Must not contain control characters'],
    ['deliveryState', 'CO\u0085', 'Must not contain control characters'],
    ['deliveryName', 'Craig \u202eslaW', 'Must not contain control characters'],
  ])('should reject %s %j with "%s"', (field, value, message) => {
    expect(violations({ ...SAMPLE_ORDER, [field]: value })).toEqual({ [field]: message });
  });

  // Found by a later review: separators, direction marks, tag characters, lone surrogates and
  // invisible fillers passed, and so did a card number typed into a name or address.
  it.each([
    ['deliveryStreet', '1 Main St\u2028Apt 2', 'Must not contain control characters'],
    ['deliveryCity', 'Foods\u2029ville', 'Must not contain control characters'],
    ['deliveryName', 'Craig\u200f Walls', 'Must not contain control characters'],
    ['deliveryName', 'Craig \u{e0041}\u{e0042}Walls', 'Must not contain control characters'],
    ['deliveryCity', 'Foods\ud800ville', 'Must not contain control characters'],
    ['deliveryName', '\u3164\u3164\u3164', 'Name is required'],
    ['deliveryName', '\u0301\u0301', 'Name is required'],
    ['deliveryCity', '\u2800\u2800', 'City is required'],
    ['deliveryName', 'Craig 4111 1111 1111 1111', 'Must not contain a card number'],
    ['deliveryStreet', '4012-8888-8888-1881 Main St', 'Must not contain a card number'],
    // And by the next one: with the CVV after it, in fullwidth digits, grouped with dots.
    ['deliveryName', 'Pay 4111 1111 1111 1111 123', 'Must not contain a card number'],
    ['deliveryCity', '４１１１１１１１１１１１１１１１', 'Must not contain a card number'],
    ['deliveryState', '4111.1111.1111.1111', 'Must not contain a card number'],
  ])('should reject %s %j with "%s"', (field, value, message) => {
    expect(violations({ ...SAMPLE_ORDER, [field]: value })).toEqual({ [field]: message });
  });

  it('should keep house numbers, zip codes and digits that are no card number', () => {
    for (const deliveryStreet of ['1234 Culinary Blvd.', 'Apt 12-345', '4111 1111 111 Main St', 'Call +1 555 123 4567']) {
      expect(violations({ ...SAMPLE_ORDER, deliveryStreet })).toEqual({});
    }
    expect(violations({ ...SAMPLE_ORDER, deliveryZip: '81019-1234' })).toEqual({});
  });

  it('should reject a taco name that is only zero-width characters or holds an escape sequence', () => {
    expect(violations({ ...SAMPLE_ORDER, tacos: [{ name: '\u200b\u200b\u200b\u200b\u200b', ingredients: ['FLTO'] }] })).toEqual({
      'tacos.0.name': 'Name must be at least 5 characters long',
    });
    expect(violations({ ...SAMPLE_ORDER, tacos: [{ name: 'Taco \u001b]0;pwned\u0007', ingredients: ['FLTO'] }] })).toEqual({
      'tacos.0.name': 'Must not contain control characters',
    });
  });

  it('should keep names in any script, with the joiners some scripts and emoji need', () => {
    const names = ['Zoë Ångström', 'ميرا', 'می\u200cخواهم', '김치 타코', 'Taco 👩\u200d🍳'];
    for (const deliveryName of names) expect(violations({ ...SAMPLE_ORDER, deliveryName })).toEqual({});
  });

  it('should require at least one taco', () => {
    expect(violations({ ...SAMPLE_ORDER, tacos: [] })).toEqual({ tacos: 'You must order at least 1 taco' });
  });

  it('should reject a taco name under 5 characters and unknown or missing ingredients', () => {
    expect(violations({ ...SAMPLE_ORDER, tacos: [{ name: 'Taco', ingredients: ['FLTO'] }] })).toEqual({
      'tacos.0.name': 'Name must be at least 5 characters long',
    });
    expect(violations({ ...SAMPLE_ORDER, tacos: [{ name: 'Tacos!', ingredients: [] }] })).toEqual({
      'tacos.0.ingredients': 'You must choose at least 1 ingredient',
    });
    expect(violations({ ...SAMPLE_ORDER, tacos: [{ name: 'Tacos!', ingredients: ['FLTO', 'BACON'] }] })).toEqual({
      'tacos.0.ingredients.1': 'Unknown ingredient',
    });
  });

  it('should reject unknown fields', () => {
    const result = TacoOrder.safeParse({ ...SAMPLE_ORDER, discount: 100 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.code).toBe('unrecognized_keys');
  });

  it('should report every invalid field at once', () => {
    expect(Object.keys(violations({ tacos: [] })).sort()).toEqual(
      [
        'ccCVV',
        'ccExpiration',
        'ccNumber',
        'deliveryCity',
        'deliveryName',
        'deliveryState',
        'deliveryStreet',
        'deliveryZip',
        'tacos',
      ].sort(),
    );
  });
});
