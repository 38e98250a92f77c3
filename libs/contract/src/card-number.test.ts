import { describe, expect, it } from 'vitest';
import { CARD_NUMBER_MASK, holdsCardNumber, maskCardNumbers } from './card-number.js';
import { passesLuhn } from './luhn.js';

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
    // Found by a hostile review: more than 3 characters between the groups, visible or not.
    '4111    1111    1111    1111',
    '4111\u200b\u200b\u200b\u200b1111\u200b\u200b\u200b\u200b1111\u200b\u200b\u200b\u200b1111',
    '4111\u3000\u3000\u3000\u30001111\u3000\u3000\u3000\u30001111\u3000\u3000\u3000\u30001111',
    '4111....1111....1111....1111....987',
    '41 -- 11 -- 11 -- 11 -- 11 -- 11 -- 11 -- 11',
    '4\ufe0f1\ufe0f1\ufe0f1\ufe0f1111\u20601111\u20601111',
    // Found by a later one: letters that show as blank or as a dash, and digits NFKC keeps as they are.
    '4111\u31641111\u31641111\u31641111',
    '4111\uffa01111\uffa01111\uffa01111',
    '4111\u115f\u11601111\u115f\u11601111\u115f\u11601111',
    '4111\u06401111\u06401111\u06401111',
    'Jane ⓸⓵⓵⓵ ⓵⓵⓵⓵ ⓵⓵⓵⓵ ⓵⓵⓵⓵',
    '❹❶❶❶❶❶❶❶❶❶❶❶❶❶❶❶',
    '➃➀➀➀-➀➀➀➀-➀➀➀➀-➀➀➀➀',
    '፬፩፩፩ ፩፩፩፩ ፩፩፩፩ ፩፩፩፩',
    '4111 ➀➀➀➀ 1111 1111',
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
    'Zoë ❶❷❸ Ltd., ➀➁ floor',
    '4111 1111 Hangul\u3164Blvd',
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
  expect(maskCardNumbers('Jane ⓸⓵⓵⓵ ⓵⓵⓵⓵ ⓵⓵⓵⓵ ⓵⓵⓵⓵, floor ❸')).toBe(`Jane ${CARD_NUMBER_MASK}, floor ❸`);
});

it('should agree with checking every window of 12 to 19 digits one by one, on 20,000 digit runs', () => {
  // Every window sliced and checked on its own: what the one-pass search must match exactly.
  const byEveryWindow = (digits: string) => {
    for (let start = 0; start + 12 <= digits.length; start++) {
      for (let length = 12; length <= 19 && start + length <= digits.length; length++) {
        if (passesLuhn(digits.slice(start, start + length))) return true;
      }
    }
    return false;
  };
  const next = xorshift(0x9e3779b9);
  const runs = Array.from({ length: 20_000 }, () =>
    Array.from({ length: 1 + Math.floor(next() * 40) }, () => Math.floor(next() * 10)).join(''),
  );
  const disagreements = runs.filter((run) => holdsCardNumber(run) !== byEveryWindow(run));
  expect(disagreements).toEqual([]);
  expect(runs.filter(byEveryWindow).length).toBeGreaterThan(1_000);
});

it('should find and mask in ASCII text exactly as in the same text searched in its Unicode form', () => {
  // A leading "é " sends the text down the Unicode search (NFKC, \p{Nd} runs) without touching its runs.
  const texts = randomTexts(0x2545f491, '0123456789012345678901234567890123456789 -./_:ab');
  expect(texts.filter((text) => holdsCardNumber(text) !== holdsCardNumber(`é ${text}`))).toEqual([]);
  expect(texts.filter((text) => `é ${maskCardNumbers(text)}` !== maskCardNumbers(`é ${text}`))).toEqual([]);
  expect(texts.filter((text) => holdsCardNumber(text)).length).toBeGreaterThan(1_000);
});

it('should decide text that is ASCII only in part exactly as the Unicode search, whatever comes first', () => {
  // Other scripts' digits, compatibility forms (NFKC makes ℹ a letter, ① a digit) and spaces
  // beyond ASCII, among ASCII digits and separators: a card number must not be found, or
  // missed, by the ASCII search before it hands the text over.
  const texts = randomTexts(0x7f4a7c15, '0123456789012345678901234567890123456789 -./ab４①ℹ\u00a0\u2009é');
  expect(texts.filter((text) => holdsCardNumber(text) !== holdsCardNumber(`é ${text}`))).toEqual([]);
  expect(texts.filter((text) => holdsCardNumber(text)).length).toBeGreaterThan(1_000);
});

/** 20,000 texts of 1 to 48 characters drawn from `alphabet`, the same for a seed on every run. */
function randomTexts(seed: number, alphabet: string): string[] {
  const next = xorshift(seed);
  return Array.from({ length: 20_000 }, () =>
    Array.from({ length: 1 + Math.floor(next() * 48) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''),
  );
}

/** A fixed xorshift sequence in [0, 1): the same texts on every machine and every run. */
function xorshift(seed: number): () => number {
  let state = seed;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}
