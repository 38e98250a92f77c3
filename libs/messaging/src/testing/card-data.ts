// Finds card data in what a process let out (log lines, records), by structure rather than by
// substring: a 3-digit CVV is a substring of timestamps, ids and durations by chance, so
// "the logs do not contain '321'" is a test that fails at random. A CVV counts where a field
// holds exactly it as text (CVVs arrive as strings; numbers in logs are durations and counts);
// a card number counts in any grouping inside any text.

export interface CardData {
  ccNumber: string;
  ccCVV: string;
}

const CARD_FIELD = /^(cc)?(number|cvv|cvc|cardnumber|ccnumber|cccvv)$/i;

/** Paths in `value` (parsed JSON) where card data shows; empty when none does. */
export function findCardData(value: unknown, card: CardData, path = '$'): string[] {
  const digits = card.ccNumber.replace(/\D/g, '');
  if (typeof value === 'string') {
    const holdsNumber = value.replace(/[\s-]/g, '').includes(digits);
    return holdsNumber || value === card.ccCVV ? [path] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => findCardData(item, card, `${path}[${index}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [
      ...(CARD_FIELD.test(key) && item !== '[REDACTED]' ? [`${path}.${key} (a card field)`] : []),
      ...findCardData(item, card, `${path}.${key}`),
    ]);
  }
  return [];
}

/** The same over JSON log lines; a line that is not JSON is searched as one text. */
export function findCardDataInLines(lines: readonly string[], card: CardData): string[] {
  return lines.flatMap((line, index) => {
    const text = line.trim();
    if (text === '') return [];
    try {
      return findCardData(JSON.parse(text), card, `line ${index + 1}`);
    } catch {
      return findCardData(text, card, `line ${index + 1}`);
    }
  });
}
