// Finding a card number in free text, however it is written: in any script's digits (fullwidth,
// Arabic-Indic, ...) or compatibility forms (superscripts, circled digits), with any punctuation
// or spacing between the groups, and with other digits around it (a CVV or an expiry typed
// after it). Used where free text may reach Kafka, logs or traces: names, addresses, ids.

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

/** A digit's contribution to the Luhn sum when it is doubled (every second digit from the right). */
const DOUBLED = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9] as const;

/**
 * Whether any 12 to 19 consecutive digits of the run pass the Luhn check. Each window's sum is
 * built from its right end leftwards, so the windows ending at one digit share one pass: ids of
 * 20 or 30 digits are checked in well under a microsecond instead of slicing every window.
 */
function runHoldsCardNumber(run: string): boolean {
  return digitsHoldCardNumber(
    Array.from(run.match(/\p{Nd}/gu) ?? [], (char) => Number(char >= '0' && char <= '9' ? char : digitValue(char))),
  );
}

function digitsHoldCardNumber(digits: readonly number[]): boolean {
  for (let end = 12; end <= digits.length; end++) {
    let sum = 0;
    for (let length = 1; length <= 19 && length <= end; length++) {
      const digit = digits[end - length]!;
      sum += length % 2 === 0 ? DOUBLED[digit]! : digit;
      if (length >= 12 && sum % 10 === 0) return true;
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
  const inAscii = asciiHoldsCardNumber(text);
  if (inAscii !== undefined) return inAscii;
  return Array.from(text.normalize('NFKC').matchAll(DIGIT_RUNS), ([run]) => run).some(runHoldsCardNumber);
}

/** What replaces a card number in text that is logged or echoed. */
export const CARD_NUMBER_MASK = '[card number removed]';

/** The text (in NFKC form) with each run of digits that holds a card number replaced by CARD_NUMBER_MASK. */
export function maskCardNumbers(text: string): string {
  if (tooFewDigits(text)) return text;
  if (isAscii(text)) {
    let masked = '';
    let from = 0;
    for (const { start, end, digits } of asciiRuns(text)) {
      if (!digitsHoldCardNumber(digits)) continue;
      masked += text.slice(from, start) + CARD_NUMBER_MASK;
      from = end;
    }
    return masked + text.slice(from);
  }
  return text.normalize('NFKC').replace(DIGIT_RUNS, (run) => (runHoldsCardNumber(run) ? CARD_NUMBER_MASK : run));
}

interface AsciiRun {
  start: number;
  end: number;
  digits: number[];
}

/**
 * DIGIT_RUNS for ASCII text (which NFKC leaves as it is), without a regex or a normalized copy:
 * the ids that logs carry (UUIDs, trace ids) hold 20 digits or more and come by on every order.
 */
function asciiRuns(text: string): AsciiRun[] {
  const runs: AsciiRun[] = [];
  let i = 0;
  while (i < text.length) {
    if (!isAsciiDigit(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    const digits: number[] = [];
    let last = i;
    for (;;) {
      digits.push(text.charCodeAt(last) - 0x30);
      let next = last + 1;
      while (next < text.length && next - last <= 3 && isAsciiSeparator(text.charCodeAt(next))) next++;
      if (next - last > 4 || next >= text.length || !isAsciiDigit(text.charCodeAt(next))) break;
      last = next;
    }
    runs.push({ start, end: last + 1, digits });
    i = last + 1;
  }
  return runs;
}

/** The last 19 digits of the run being read: as many as a card number can have. */
const lastDigits = new Uint8Array(19);

/**
 * holdsCardNumber for ASCII text in one pass and no allocation: each digit of a run, once 12 have
 * come, ends windows of 12 to 19 that are summed leftwards from the last 19 digits, as
 * digitsHoldCardNumber does. Every id order-api makes is checked (UUIDs hold 20 digits or more).
 * Undefined, for the Unicode search, at the first character that is not ASCII, unless a card
 * number came before it: NFKC leaves ASCII as it is, so that one would be found there too.
 */
function asciiHoldsCardNumber(text: string): boolean | undefined {
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) return undefined;
    if (!isAsciiDigit(code)) {
      i++;
      continue;
    }
    let count = 0;
    let last = i;
    for (;;) {
      lastDigits[count % 19] = text.charCodeAt(last) - 0x30;
      count++;
      if (count >= 12 && endsCardNumber(count)) return true;
      let next = last + 1;
      // A character beyond ASCII ends the run here; the outer loop then hands the text over.
      while (next < text.length && next - last <= 3 && text.charCodeAt(next) <= 0x7f && isAsciiSeparator(text.charCodeAt(next))) next++;
      if (next - last > 4 || next >= text.length || !isAsciiDigit(text.charCodeAt(next))) break;
      last = next;
    }
    i = last + 1;
  }
  return false;
}

/** Whether a window of 12 to 19 digits ending at the run's `count`th digit passes the Luhn check. */
function endsCardNumber(count: number): boolean {
  let sum = 0;
  for (let length = 1; length <= 19 && length <= count; length++) {
    const digit = lastDigits[(count - length) % 19]!;
    sum += length % 2 === 0 ? DOUBLED[digit]! : digit;
    if (length >= 12 && sum % 10 === 0) return true;
  }
  return false;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

function isAsciiDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** Neither a letter nor a digit: what may stand between the groups of a number. */
function isAsciiSeparator(code: number): boolean {
  return !isAsciiDigit(code) && !(code >= 0x41 && code <= 0x5a) && !(code >= 0x61 && code <= 0x7a);
}
