// What the HTTP API accepts: the book's TacoOrder, with its validation messages.
import { z } from 'zod';
import { holdsCardNumber } from './card-number.js';
import { IngredientId } from './ingredient.js';
import { passesLuhn } from './luhn.js';

/** Longest text field we accept: generous for names and streets, small enough to bound a record. */
const MAX_TEXT = 200;

/**
 * Characters that reach kitchen screens, terminals and logs and rewrite what a person sees
 * there, and that no name or address needs: control characters (C0, DEL, C1: an ANSI escape
 * starts with ESC), line and paragraph separators, direction marks and overrides, tag
 * characters (invisible text), and lone surrogates (no character at all, and invalid UTF-8).
 */
const CONTROL = /[\p{Cc}\p{Zl}\p{Zp}\p{Cs}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u{e0000}-\u{e007f}]/u;
/**
 * At least one character that shows: not whitespace, not a zero-width or other format
 * character, not a combining mark alone, not one of the blank fillers (Hangul fillers, the
 * blank Braille pattern).
 */
const VISIBLE = /[^\p{Z}\p{Cc}\p{Cf}\p{M}\s\u115f\u1160\u3164\uffa0\u2800]/u;

/** Text a person reads: trimmed, bounded, with something visible and nothing that controls the display. */
const text = (blank: string, min = 1) =>
  z
    .string({ error: blank })
    .trim()
    .min(min, { error: blank, abort: true })
    // Checked no further when too long: the card-number search over 64 KB of digits took 15 ms.
    .max(MAX_TEXT, { error: `Must be at most ${MAX_TEXT} characters`, abort: true })
    .refine((value) => !CONTROL.test(value), { error: 'Must not contain control characters' })
    .refine((value) => VISIBLE.test(value), { error: blank, abort: true })
    // Card numbers leave order-api only as their last 4 digits: not in a name or an address either.
    .refine((value) => !holdsCardNumber(value), { error: 'Must not contain a card number' });

const required = (message: string) => text(message);

export const Taco = z.strictObject({
  name: text('Name must be at least 5 characters long', 5),
  ingredients: z
    .array(IngredientId, { error: 'You must choose at least 1 ingredient' })
    .min(1, { error: 'You must choose at least 1 ingredient' })
    .max(20, { error: 'At most 20 ingredients per taco' }),
});
export type Taco = z.infer<typeof Taco>;

/**
 * Card numbers are 12 to 19 digits; spaces and dashes between groups are allowed and dropped.
 * None starts with 0 (industry identifier 0 is not issued to card issuers), which also turns
 * away all zeros, a number that passes the Luhn check.
 */
const CardNumber = z
  .string({ error: 'Not a valid credit card number' })
  .transform((value) => value.replace(/[\s-]/g, ''))
  .refine((digits) => /^[1-9]\d{11,18}$/.test(digits) && passesLuhn(digits), { error: 'Not a valid credit card number' });

export const TacoOrder = z.strictObject({
  deliveryName: required('Name is required'),
  deliveryStreet: required('Street is required'),
  deliveryCity: required('City is required'),
  deliveryState: required('State is required'),
  deliveryZip: required('Zip code is required'),
  ccNumber: CardNumber,
  ccExpiration: z.string({ error: 'Must be formatted MM/YY' }).regex(/^(0[1-9]|1[0-2])\/\d{2}$/, { error: 'Must be formatted MM/YY' }),
  ccCVV: z.string({ error: 'Invalid CVV' }).regex(/^\d{3}$/, { error: 'Invalid CVV' }),
  tacos: z
    .array(Taco, { error: 'You must order at least 1 taco' })
    .min(1, { error: 'You must order at least 1 taco' })
    .max(50, { error: 'At most 50 tacos per order' }),
});
/** An order as the client sent it (card number possibly with spaces). */
export type TacoOrderInput = z.input<typeof TacoOrder>;
/** A validated order (card number as digits only). */
export type TacoOrder = z.output<typeof TacoOrder>;
