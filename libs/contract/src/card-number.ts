// Finding a card number in free text, however it is written: in any script's digits (fullwidth,
// Arabic-Indic, ...) or compatibility forms (superscripts, circled digits), with any punctuation
// or spacing between the groups, and with other digits around it (a CVV or an expiry typed
// after it). Used where free text may reach Kafka, logs or traces: names, addresses, ids.
import { passesLuhn } from './luhn.js';

/** Digits with up to 3 characters that are neither letters nor digits between them, as people group them. */
const DIGIT_RUNS = /\p{Nd}(?:[^\p{L}\p{Nd}]{0,3}\p{Nd})*/gu;
const DIGIT = /\p{Nd}/u;

/** The value of a decimal digit of any script: Unicode keeps each script's 0 to 9 in a row of ten. */
function digitValue(char: string): string {
  const code = char.codePointAt(0)!;
  let zero = code;
  while (DIGIT.test(String.fromCodePoint(zero - 1))) zero--;
  return String((code - zero) % 10);
}

function runHoldsCardNumber(run: string): boolean {
  const digits = Array.from(run.match(/\p{Nd}/gu) ?? [], (char) => (char >= '0' && char <= '9' ? char : digitValue(char))).join('');
  for (let start = 0; start + 12 <= digits.length; start++) {
    for (let length = 12; length <= 19 && start + length <= digits.length; length++) {
      if (passesLuhn(digits.slice(start, start + length))) return true;
    }
  }
  return false;
}

/**
 * True when the text cannot hold 12 digits: plain ASCII (no other script's digits, no
 * compatibility forms) with fewer than 12 of 0-9. Most names and addresses, at a fraction of
 * the full search's cost, which order-api pays for every text field of every order.
 */
function tooFewDigits(text: string): boolean {
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) return false;
    if (code >= 0x30 && code <= 0x39 && ++digits === 12) return false;
  }
  return true;
}

/** Whether the text holds a card number: 12 to 19 digits in a row that pass the Luhn check, anywhere in a longer run too. */
export function holdsCardNumber(text: string): boolean {
  if (tooFewDigits(text)) return false;
  return Array.from(text.normalize('NFKC').matchAll(DIGIT_RUNS), ([run]) => run).some(runHoldsCardNumber);
}

/** What replaces a card number in text that is logged or echoed. */
export const CARD_NUMBER_MASK = '[card number removed]';

/** The text (in NFKC form) with each run of digits that holds a card number replaced by CARD_NUMBER_MASK. */
export function maskCardNumbers(text: string): string {
  if (tooFewDigits(text)) return text;
  return text.normalize('NFKC').replace(DIGIT_RUNS, (run) => (runHoldsCardNumber(run) ? CARD_NUMBER_MASK : run));
}
