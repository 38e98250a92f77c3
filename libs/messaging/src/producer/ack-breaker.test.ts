import { describe, expect, it } from 'vitest';
import { AckBreaker } from './ack-breaker.js';

function breaker() {
  let now = 0;
  const subject = new AckBreaker({ openAfterMs: 15_000, probeEveryMs: 2_000, now: () => now });
  return { subject, advance: (ms: number) => (now += ms) };
}

describe('AckBreaker', () => {
  it('should stay closed through a stall shorter than the send timeout, even with failures', () => {
    const { subject, advance } = breaker();
    advance(11_000);
    subject.failed(0);
    expect(subject.admit()).toBe(true);
    subject.acknowledged();
    advance(14_000);
    expect(subject.isOpen).toBe(false);
  });

  it('should stay closed while Kafka is silent but nothing failed (no traffic)', () => {
    const { subject, advance } = breaker();
    advance(60_000);
    expect(subject.isOpen).toBe(false);
  });

  it('should refuse sends once they fail with no acknowledgement for a send timeout, letting one probe through per interval', () => {
    const { subject, advance } = breaker();
    advance(15_000);
    subject.failed(0);
    expect(subject.isOpen).toBe(true);
    expect(subject.admit()).toBe(true);
    expect(subject.admit()).toBe(false);
    advance(1_999);
    expect(subject.admit()).toBe(false);
    advance(1);
    expect(subject.admit()).toBe(true);
  });

  it('should let everything through again after the first acknowledgement', () => {
    const { subject, advance } = breaker();
    advance(20_000);
    subject.failed(0);
    subject.admit();
    subject.acknowledged();
    expect(subject.isOpen).toBe(false);
    expect([subject.admit(), subject.admit()]).toEqual([true, true]);
  });

  // Regression: the first failure after 15 s without traffic opened the breaker at once.
  it('should not count quiet time without traffic as failing time', () => {
    const { subject, advance } = breaker();
    advance(60_000);
    subject.failed(59_990);
    expect(subject.isOpen).toBe(false);
    expect(subject.admit()).toBe(true);
    advance(14_000);
    subject.failed(73_000);
    expect(subject.isOpen).toBe(false);
    advance(1_000);
    expect(subject.isOpen).toBe(true);
  });
});
