// Finding a card number in free text, however it is written: in any script's digits (fullwidth,
// Arabic-Indic, ...) or compatibility forms (superscripts, circled digits), with any punctuation
// or spacing between the groups, and with other digits around it (a CVV or an expiry typed
// after it). Used where free text may reach Kafka, logs or traces: names, addresses, ids.

/**
 * Digits with anything but a letter between them, however much: people group them with a space
 * or a dash, and hostile reviews hid one behind four spaces or zero-width spaces (when at most 3
 * were joined), and behind letters that show as blank or as a dash (Hangul fillers, which are
 * the only default-ignorable letters, and the Arabic tatweel, a modifier letter): those separate as
 * well (the two classes share no character, so a failed match backtracks in linear time). A digit
 * is any number character: the ones with no decimal value (dingbat and double-circled digits,
 * Ethiopic numerals, which NFKC leaves as they are) count as digits of unknown value.
 */
const DIGIT_RUNS = /\p{N}(?:(?:[^\p{N}\p{L}]|[\p{Lm}\u115f\u1160\u3164\uffa0])*\p{N})*/gu;
const NUMBER_CHAR = /\p{N}/gu;
const DIGIT = /\p{Nd}/u;

/** The value of a decimal digit of any script: Unicode keeps each script's 0 to 9 in a row of ten. */
function digitValue(char: string): string {
  const code = char.codePointAt(0)!;
  let zero = code;
  while (DIGIT.test(String.fromCodePoint(zero - 1))) zero--;
  return String((code - zero) % 10);
}

/** A digit's contribution to the Luhn sum when it is doubled (every second digit from the right). */
const DOUBLED = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9] as const;

/**
 * Whether any 12 to 19 consecutive digits of the run pass the Luhn check. Each window's sum is
 * built from its right end leftwards, so the windows ending at one digit share one pass: ids of
 * 20 or 30 digits are checked in well under a microsecond instead of slicing every window.
 */
function runHoldsCardNumber(run: string): boolean {
  const chars = run.match(NUMBER_CHAR) ?? [];
  // Twelve digits, one of them of unknown value: any of them may be a card number's.
  if (chars.length >= 12 && chars.some((char) => !DIGIT.test(char))) return true;
  return digitsHoldCardNumber(chars.map((char) => Number(char >= '0' && char <= '9' ? char : digitValue(char))));
}

function digitsHoldCardNumber(digits: readonly number[]): boolean {
  for (let count = 0; count < digits.length;) {
    lastDigits[count % 19] = digits[count]!;
    if (++count >= 12 && endsCardNumber(count)) return true;
  }
  return false;
}

/** The last 19 digits of the run being read: as many as a card number can have. */
const lastDigits = new Uint8Array(19);

/** Whether a window of 12 to 19 digits ending at the run's `count`th digit (in lastDigits) passes the Luhn check. */
function endsCardNumber(count: number): boolean {
  let sum = 0;
  for (let length = 1; length <= 19 && length <= count; length++) {
    const digit = lastDigits[(count - length) % 19]!;
    sum += length % 2 === 0 ? DOUBLED[digit]! : digit;
    if (length >= 12 && sum % 10 === 0) return true;
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
  const inAscii = eachAsciiRun(text, stopAtCardNumber);
  if (inAscii !== undefined) return inAscii;
  return Array.from(text.normalize('NFKC').matchAll(DIGIT_RUNS), ([run]) => run).some(runHoldsCardNumber);
}

/** What replaces a card number in text that is logged or echoed. */
export const CARD_NUMBER_MASK = '[card number removed]';

/** The text (in NFKC form) with each run of digits that holds a card number replaced by CARD_NUMBER_MASK. */
export function maskCardNumbers(text: string): string {
  if (tooFewDigits(text)) return text;
  let masked = '';
  let from = 0;
  const ascii = eachAsciiRun(text, (start, end, holdsCard) => {
    if (holdsCard) {
      masked += text.slice(from, start) + CARD_NUMBER_MASK;
      from = end;
    }
    return false;
  });
  if (ascii !== undefined) return masked + text.slice(from);
  return text.normalize('NFKC').replace(DIGIT_RUNS, (run) => (runHoldsCardNumber(run) ? CARD_NUMBER_MASK : run));
}

/** Called for each run of digits: where it starts and ends, and whether it holds a card number; true stops the walk. */
type OnAsciiRun = (start: number, end: number, holdsCard: boolean) => boolean;

const stopAtCardNumber: OnAsciiRun = (_start, _end, holdsCard) => holdsCard;

/**
 * DIGIT_RUNS for ASCII text (which NFKC leaves as it is), without a regex, a normalized copy or
 * an array per run: the ids order-api makes and logs carry (UUIDs, trace ids) hold 20 digits or
 * more and come by on every order. Each digit of a run, once 12 have come, ends windows of 12 to
 * 19 summed from the last 19 digits. True when `onRun` stopped the walk, false at the end of the
 * text; undefined, for the Unicode search, at the first character beyond ASCII unless stopped
 * before it (NFKC leaves the ASCII before it as it is, so a card number there is one there too).
 */
function eachAsciiRun(text: string, onRun: OnAsciiRun): boolean | undefined {
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) return undefined;
    if (!isAsciiDigit(code)) {
      i++;
      continue;
    }
    let count = 0;
    let holdsCard = false;
    let last = i;
    for (;;) {
      lastDigits[count % 19] = text.charCodeAt(last) - 0x30;
      if (++count >= 12 && !holdsCard) holdsCard = endsCardNumber(count);
      let next = last + 1;
      // A character beyond ASCII ends the run here; the outer loop then hands the text over.
      while (next < text.length && text.charCodeAt(next) <= 0x7f && isAsciiSeparator(text.charCodeAt(next))) next++;
      if (next >= text.length || !isAsciiDigit(text.charCodeAt(next))) break;
      last = next;
    }
    if (onRun(i, last + 1, holdsCard)) return true;
    i = last + 1;
  }
  return false;
}

function isAsciiDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** Neither a letter nor a digit: what may stand between the groups of a number. */
function isAsciiSeparator(code: number): boolean {
  return !isAsciiDigit(code) && !(code >= 0x41 && code <= 0x5a) && !(code >= 0x61 && code <= 0x7a);
}
