// A dead letter as an operator is shown it, on the console's page and by `npm run dlt -- list`:
// where it came from, why, and how large it is. Whoever wrote the failed record chose its key,
// its headers and much of the error: every text is masked, then cut. Not the value: a CVV in it
// looks like any other three digits.
import { maskCardNumbers } from '@tacocloud/contract';
import type { DeadLetterRecord } from './dead-letters.js';

/** Longest text shown: a key, a header, a delivery name or a taco's name is a few words. */
export const MAX_TEXT_CHARS = 200;
/** Longest error shown with a letter: enough for a zod issue list's first lines. */
export const MAX_ERROR_CHARS = 2_000;

/**
 * Masked whole, then cut: a card number cut in two first would show its first digits unmasked.
 * The cut says how much was left out, so nothing passes a cut text off as whole.
 */
export function shownText(value: string, max = MAX_TEXT_CHARS): string {
  const masked = maskCardNumbers(value);
  return masked.length <= max ? masked : `${masked.slice(0, max)}… (${masked.length - max} more characters)`;
}

const optionalText = (value: string | undefined): string | null => (value === undefined ? null : shownText(value));

export interface ShownLetter {
  partition: number;
  offset: string;
  /** When it was dead-lettered, ISO 8601. */
  timestamp: string;
  key: string | null;
  reason: string | null;
  attempts: string | null;
  original: { topic: string | null; partition: string | null; offset: string | null; consumerGroup: string | null };
  error: string | null;
  valueBytes: number;
}

export function shownLetter(letter: DeadLetterRecord): ShownLetter {
  return {
    partition: letter.partition,
    offset: letter.offset,
    timestamp: letter.timestamp,
    key: letter.key === null ? null : shownText(letter.key),
    reason: optionalText(letter.reason),
    attempts: optionalText(letter.attempts),
    original: {
      topic: optionalText(letter.original.topic),
      partition: optionalText(letter.original.partition),
      offset: optionalText(letter.original.offset),
      consumerGroup: optionalText(letter.original.consumerGroup),
    },
    error: letter.error === undefined ? null : shownText(letter.error, MAX_ERROR_CHARS),
    valueBytes: letter.value?.length ?? 0,
  };
}
