import { DltHeaders } from '@tacocloud/contract';
import type { KafkaMessage, Producer } from 'kafkajs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../logger.js';
import type { DeadLetter } from './dead-letter.js';
import { DeadLetterWriter } from './dead-letter-writer.js';

function recordingLogger() {
  const lines: { level: string; msg: string }[] = [];
  const at = (level: string) => (fields: object | string, msg?: string) =>
    void lines.push({ level, msg: typeof fields === 'string' ? fields : (msg ?? '') });
  return { lines, logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } as Logger };
}

/** Kafka's answer to a letter written to its partition. */
const written = (messages: { partition?: number }[]) => [{ topicName: 'orders.DLT', partition: messages[0]?.partition, errorCode: 0 }];

/** A DLT whose partition 0 has no leader: sends to it fail, sends to the others succeed. */
const producer = {
  send: async ({ messages }: { messages: { partition?: number }[] }) => {
    if (messages[0]?.partition === 0) throw new Error('There is no leader for this topic-partition');
    return written(messages);
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

  it('a letter whose send failed after Kafka may have stored it should be written before a letter of another record to its partition', async () => {
    const sent: string[] = [];
    let answerLost = true;
    const losing = {
      send: async ({ messages }: { messages: { partition?: number; headers?: Record<string, unknown> }[] }) => {
        sent.push(String(messages[0]?.headers?.[DltHeaders.originalOffset]));
        if (answerLost) {
          answerLost = false;
          throw Object.assign(new Error('Connection error: read ECONNRESET'), { name: 'KafkaJSNonRetriableError' });
        }
        return written(messages);
      },
    } as unknown as Producer;
    const writer = new DeadLetterWriter(losing, 'orders.DLT', 1_000, recordingLogger().logger);
    expect(await writer.write(letter(1, '5'))).toBe(false);
    // The partition moved away and back; its next poison record is another one.
    expect(await writer.write(letter(1, '9'))).toBe(true);
    expect(sent).toEqual(['5', '5', '9']);
    expect(writer.pendingFor('orders', 1, '5')).toBeUndefined();
    expect(writer.isWritable).toBe(true);
  });

  it('a letter Kafka refused for what it holds should not hold back the next one', async () => {
    const sent: string[] = [];
    let refuse = true;
    const refusing = {
      send: async ({ messages }: { messages: { partition?: number; headers?: Record<string, unknown> }[] }) => {
        sent.push(String(messages[0]?.headers?.[DltHeaders.originalOffset]));
        if (refuse) {
          refuse = false;
          throw Object.assign(new Error('This record has failed the validation on broker and hence be rejected'), {
            type: 'INVALID_RECORD',
          });
        }
        return written(messages);
      },
    } as unknown as Producer;
    const writer = new DeadLetterWriter(refusing, 'orders.DLT', 1_000, recordingLogger().logger);
    expect(await writer.write(letter(1, '5'))).toBe(false);
    expect(await writer.write(letter(1, '9'))).toBe(true);
    expect(sent).toEqual(['5', '9']);
  });

  // Found by a hostile review: kafkajs sends nothing, and answers with nothing, for a partition
  // its metadata does not list (a DLT with fewer partitions than the topic, or not yet grown),
  // and the letter was taken for written: its record was committed and lost.
  it("should not take a letter for written when Kafka's answer has no place for it", async () => {
    const { lines, logger } = recordingLogger();
    const unknownPartition = { send: async () => [] } as unknown as Producer;
    const writer = new DeadLetterWriter(unknownPartition, 'orders.DLT', 1_000, logger);
    expect(await writer.write(letter(7, '3'))).toBe(false);
    expect(writer.isWritable).toBe(false);
    expect(writer.pendingFor('orders', 7, '3')).toBeDefined();
    expect(lines.filter((line) => line.level === 'error').map((line) => line.msg)).toEqual([
      expect.stringMatching(/^Cannot write dead letters to orders\.DLT: orders\.DLT has no partition 7 that this listener knows of/),
    ]);
  });

  // Found reviewing the docs: a letter behind another record's pending letter waited for that
  // one and then for its own, twice the timeout that docs/operations.md promises.
  describe('with a clock of its own', () => {
    afterEach(() => void vi.useRealTimers());

    it('should wait no longer than its timeout in all, an earlier pending letter included', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
      const answers: (() => void)[] = [];
      const slow = {
        send: ({ messages }: { messages: { partition?: number }[] }) =>
          new Promise((resolve) => answers.push(() => resolve(written(messages)))),
      } as unknown as Producer;
      const writer = new DeadLetterWriter(slow, 'orders.DLT', 200, recordingLogger().logger);
      const first = writer.write(letter(1, '5'));
      await vi.advanceTimersByTimeAsync(200);
      expect(await first).toBe(false);

      let second: boolean | undefined;
      const secondDone = writer.write(letter(1, '6')).then((outcome) => (second = outcome));
      await vi.advanceTimersByTimeAsync(150);
      answers[0]!();
      await vi.advanceTimersByTimeAsync(0);
      expect(answers).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(50);
      expect(second).toBe(false);
      await secondDone;

      answers[1]!();
      expect(await writer.write(letter(1, '6'))).toBe(true);
      expect(answers).toHaveLength(2);
    });
  });

  // Found by a hostile review: every letter said CreateTime, also for a topic whose timestamps
  // are the broker's (message.timestamp.type=LogAppendTime).
  it("should name the original record's timestamp type from its batch", async () => {
    const types: unknown[] = [];
    const recording = {
      send: async ({ messages }: { messages: { partition?: number; headers?: Record<string, unknown> }[] }) => {
        types.push(messages[0]?.headers?.[DltHeaders.originalTimestampType]);
        return written(messages);
      },
    } as unknown as Producer;
    const writer = new DeadLetterWriter(recording, 'orders.DLT', 1_000, recordingLogger().logger);
    const appended = letter(1, '5');
    Object.assign(appended.message, { batchContext: { timestampType: 1 } });
    expect(await writer.write(appended)).toBe(true);
    expect(await writer.write(letter(1, '6'))).toBe(true);
    expect(types).toEqual(['LogAppendTime', 'CreateTime']);
  });
});
