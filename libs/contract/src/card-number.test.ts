import { describe, expect, it } from 'vitest';
import { CARD_NUMBER_MASK, holdsCardNumber, maskCardNumbers } from './card-number.js';

// 4111 1111 1111 1111 is a test Visa number; each line hides it as a hostile review did.
describe('holdsCardNumber', () => {
  it.each([
    'Pay 4111 1111 1111 1111',
    'Pay 4111 1111 1111 1111 123',
    'Pay 4111 1111 1111 1111 1029',
    '1 4111 1111 1111 1111',
    'Pay ４１１１１１１１１１１１１１１１',
    'Pay ٤١١١١١١١١١١١١١١١',
    'Pay ⁴¹¹¹ ¹¹¹¹ ¹¹¹¹ ¹¹¹¹',
    '4111.1111.1111.1111',
    '4111/1111/1111/1111',
    '4111_1111_1111_1111',
    '4111,1111,1111,1111',
    '4111\u00a01111\u00a01111\u00a01111',
    '4111  1111  1111  1111',
    '4111 - 1111 - 1111 - 1111',
    '(4111)(1111)(1111)(1111)',
    '41111111111111111111111',
    '4012-8888-8888-1881 Main St',
  ])('should find the card number in %j', (text) => {
    expect(holdsCardNumber(text)).toBe(true);
  });

  it.each([
    '1234 Culinary Blvd.',
    'Apt 12-345',
    '81019-1234',
    'Unit 5/12, 12345 Long Rd',
    '+1 555 123 4567',
    'Route 66, 1929',
    'Zoë 🌮 Ltd.',
    '4111 1111 Culinary Blvd',
    '4111 1111 1111 111',
  ])('should find none in %j', (text) => {
    expect(holdsCardNumber(text)).toBe(false);
  });
});

it('maskCardNumbers should replace each run holding a card number, and leave other digits as they are', () => {
  expect(maskCardNumbers('/orders/4111-1111-1111-1111/cvv/123 at 1234 Culinary Blvd.')).toBe(
    `/orders/${CARD_NUMBER_MASK}/cvv/123 at 1234 Culinary Blvd.`,
  );
  expect(maskCardNumbers('key ４１１１１１１１１１１１１１１１')).toBe(`key ${CARD_NUMBER_MASK}`);
  expect(maskCardNumbers('order 42, 7 tacos')).toBe('order 42, 7 tacos');
});
