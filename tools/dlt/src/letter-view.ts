// What `npm run dlt -- list` prints of a dead letter: what the console shows of it (every text
// masked and cut, the value's size and not the value), and each of its headers, the same way.
import { shownLetter, shownText, type DeadLetterRecord, type ShownLetter } from '@tacocloud/messaging';

export interface LetterView extends ShownLetter {
  /** Every header: the kafka_dlt-* ones shown above and the record's own. */
  headers: Record<string, string>;
}

export function letterView(letter: DeadLetterRecord): LetterView {
  return {
    ...shownLetter(letter),
    headers: Object.fromEntries(Object.entries(letter.headers).map(([name, value]) => [shownText(name), shownText(value)])),
  };
}
