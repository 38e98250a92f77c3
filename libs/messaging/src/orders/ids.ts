// Ids this service makes (order ids, request and correlation ids) are shown and logged as they
// are, while any text from outside that holds a card number is masked. A random UUID's digits
// pass for a card number now and then (about 1 in 80: a Luhn-valid run of 12 or more digits
// across its dashes), which would mask our own ids: ours are drawn again until they do not.
import { randomUUID } from 'node:crypto';
import { holdsCardNumber } from '@tacocloud/contract';

/** A random UUID that no card-number check takes for one. */
export function newId(): string {
  return firstIdWithoutCardNumber(() => randomUUID());
}

/** The first of `make(0)`, `make(1)`, … that no card-number check takes for one: deterministic, as `make` is. */
export function firstIdWithoutCardNumber(make: (attempt: number) => string): string {
  for (let attempt = 0; ; attempt++) {
    const id = make(attempt);
    if (!holdsCardNumber(id)) return id;
  }
}
