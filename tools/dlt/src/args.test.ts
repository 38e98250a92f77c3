import { describe, expect, it } from 'vitest';
import { parseCommand, UsageError } from './args.js';

describe('parseCommand', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');

  it('should read a replay since a time', () => {
    expect(parseCommand(['replay', '--since', '2h', '--topic', 'orders.DLT'], now)).toEqual({
      command: 'replay',
      since: new Date('2026-11-25T10:00:00Z'),
      topic: 'orders.DLT',
      json: false,
    });
  });

  it.each([
    [[], /Missing command: list or replay/],
    [['relpay'], /Unknown command 'relpay': use list or replay/],
    [['replay', 'now'], /Unexpected argument\(s\): now/],
    [['replay', '--snice', '2h'], /Unknown option '--snice'/],
    [['replay', '--since'], /--since.*argument missing/],
    [['replay', '--since', '5'], /--since must be an ISO 8601 time with a zone/],
    [['replay', '--since', '2026-11-25T09:00'], /--since must be an ISO 8601 time with a zone/],
    [['list', '--topic', ''], /--topic needs the name of a dead-letter topic/],
    [
      ['replay', '--topic', 'tacocloud.orders.topic'],
      /--topic needs the name of a dead-letter topic, <topic>\.DLT, not 'tacocloud\.orders\.topic'/,
    ],
    [['replay', '--topic', '.DLT'], /--topic needs the name of a dead-letter topic/],
  ])('should refuse %j saying what is wrong', (argv, message) => {
    expect(() => parseCommand(argv, now)).toThrow(UsageError);
    expect(() => parseCommand(argv, now)).toThrow(message);
  });
});
