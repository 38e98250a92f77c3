// What `npm run dlt -- list` prints of a dead letter: where it came from, why, and how large it
// is, every text with any card number masked (the console shows letters the same way). Not the
// value: whoever wrote the failed record chose it, and a CVV in it looks like any other three
// digits; read it with a Kafka client of your own if you must.
import { maskCardNumbers, type DeadLetterRecord } from '@tacocloud/messaging';

export interface LetterView {
  partition: number;
  offset: string;
  timestamp: string;
  key: string | null;
  reason: string | null;
  attempts: string | null;
  original: { topic: string | null; partition: string | null; offset: string | null; consumerGroup: string | null };
  error: string | null;
  /** Every header, masked as the rest: the kafka_dlt-* ones above and the record's own. */
  headers: Record<string, string>;
  valueBytes: number;
}

const masked = (text: string | undefined): string | null => (text === undefined ? null : maskCardNumbers(text));

export function letterView(letter: DeadLetterRecord): LetterView {
  return {
    partition: letter.partition,
    offset: letter.offset,
    timestamp: letter.timestamp,
    key: letter.key === null ? null : maskCardNumbers(letter.key),
    reason: masked(letter.reason),
    attempts: masked(letter.attempts),
    original: {
      topic: masked(letter.original.topic),
      partition: masked(letter.original.partition),
      offset: masked(letter.original.offset),
      consumerGroup: masked(letter.original.consumerGroup),
    },
    error: masked(letter.error),
    headers: Object.fromEntries(Object.entries(letter.headers).map(([name, value]) => [maskCardNumbers(name), maskCardNumbers(value)])),
    valueBytes: letter.value?.length ?? 0,
  };
}
