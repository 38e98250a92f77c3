import { createRequire } from 'node:module';
import { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { isTooLarge, mayHaveBeenStored } from './produce-outcome.js';

// The broker's errors as kafkajs makes them from an error code, and as its retrier wraps them.
const require = createRequire(import.meta.url);
const { createErrorFromCode } = require('kafkajs/src/protocol/error.js') as { createErrorFromCode: (code: number) => Error };
const MESSAGE_TOO_LARGE = 10;
const INVALID_RECORD = 87;
const NOT_LEADER_FOR_PARTITION = 6;
/** As kafkajs's retrier gives up on an error. */
const retriesExceeded = (error: Error) => new KafkaJSNumberOfRetriesExceeded(error, { retryCount: 5, retryTime: 1_000 });

describe('mayHaveBeenStored', () => {
  it('is false only when Kafka refused the records themselves, however kafkajs wrapped the refusal', () => {
    expect(mayHaveBeenStored(createErrorFromCode(MESSAGE_TOO_LARGE))).toBe(false);
    expect(mayHaveBeenStored(createErrorFromCode(INVALID_RECORD))).toBe(false);
    expect(mayHaveBeenStored(retriesExceeded(createErrorFromCode(INVALID_RECORD)))).toBe(false);
  });

  it('is true for a lost connection, a moved leader and errors that are not Kafka’s', () => {
    expect(mayHaveBeenStored(new KafkaJSConnectionError('Connection error: read ECONNRESET'))).toBe(true);
    expect(mayHaveBeenStored(retriesExceeded(createErrorFromCode(NOT_LEADER_FOR_PARTITION)))).toBe(true);
    expect(mayHaveBeenStored(new Error('socket hang up'))).toBe(true);
    expect(mayHaveBeenStored(undefined)).toBe(true);
    expect(mayHaveBeenStored('MESSAGE_TOO_LARGE')).toBe(true);
  });

  it('answers for an error whose causes loop back on themselves', () => {
    const looping = new Error('a') as Error & { cause: unknown };
    looping.cause = new Error('b', { cause: looping });
    expect(mayHaveBeenStored(looping)).toBe(true);
    expect(isTooLarge(looping)).toBe(false);
  });
});

describe('isTooLarge', () => {
  it('finds MESSAGE_TOO_LARGE directly, behind the retrier, and in an older wrapper’s originalError', () => {
    expect(isTooLarge(createErrorFromCode(MESSAGE_TOO_LARGE))).toBe(true);
    expect(isTooLarge(retriesExceeded(createErrorFromCode(MESSAGE_TOO_LARGE)))).toBe(true);
    expect(isTooLarge(Object.assign(new Error('wrapped'), { originalError: createErrorFromCode(MESSAGE_TOO_LARGE) }))).toBe(true);
    expect(isTooLarge(createErrorFromCode(INVALID_RECORD))).toBe(false);
  });
});
