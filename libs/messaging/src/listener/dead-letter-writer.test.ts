import type { KafkaMessage, Producer } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../logger.js';
import type { DeadLetter } from './dead-letter.js';
import { DeadLetterWriter } from './dead-letter-writer.js';

function recordingLogger() {
  const lines: { level: string; msg: string }[] = [];
  const at = (level: string) => (fields: object | string, msg?: string) =>
    void lines.push({ level, msg: typeof fields === 'string' ? fields : (msg ?? '') });
  return { lines, logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } as Logger };
}

/** A DLT whose partition 0 has no leader: sends to it fail, sends to the others succeed. */
const producer = {
  send: async ({ messages }: { messages: { partition?: number }[] }) => {
    if (messages[0]?.partition === 0) throw new Error('There is no leader for this topic-partition');
    return [];
  },
} as unknown as Producer;

const letter = (partition: number, offset: string): DeadLetter => ({
  topic: 'orders',
  partition,
  groupId: 'kitchen',
  message: { offset, key: null, value: Buffer.from('x'), timestamp: '0', attributes: 0, headers: {} } as KafkaMessage,
  error: new Error('poison'),
  reason: 'not-json',
  attempts: 0,
});

describe('DeadLetterWriter', () => {
  // Found by review: one shared flag meant a letter written to another partition cleared the
  // failure of a partition still without a leader, so liveness flapped and the error repeated.
  it('should keep a failing DLT partition failing, named once, however well the others take letters', async () => {
    const { lines, logger } = recordingLogger();
    const writer = new DeadLetterWriter(producer, 'orders.DLT', 1_000, logger);
    expect(await writer.write(letter(0, '5'))).toBe(false);
    expect(await writer.write(letter(1, '7'))).toBe(true);
    expect(await writer.write(letter(0, '5'))).toBe(false);
    expect(writer.isWritable).toBe(false);
    expect(lines.filter((line) => line.level === 'error').map((line) => line.msg)).toEqual([
      expect.stringMatching(/^Cannot write dead letters to orders\.DLT: There is no leader .* Partition 0 of orders waits at offset 5/),
    ]);
    expect(lines.filter((line) => line.msg.startsWith('Dead letters are written'))).toEqual([]);
  });
});
