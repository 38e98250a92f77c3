// The outage checker on synthetic histories: an acknowledgement the brokers gave during the
// outage fails the run; one whose record was appended and replicated before the fault, and
// whose answer merely arrived after it, does not (issue 17).
import { describe, expect, it } from 'vitest';
import { judgeAcceptedDuringOutages, type BrokerRecord, type Outage } from './checker.js';
import type { Answer } from './order-load.js';

const FAULT = 1_700_000_000_000;
const outage: Outage = { from: FAULT, until: FAULT + 20_000 };
const MIN_INSYNC = 2;

function accepted(orderId: string, sentAt: number, answeredAt: number): Answer {
  return { orderId, sentAt, answeredAt, status: 202, partition: 0, offset: '42' };
}

function unwritable(history: Answer[], records: Record<string, BrokerRecord>): number {
  const verdicts = judgeAcceptedDuringOutages(history, [outage], (answer) => records[answer.orderId!], MIN_INSYNC);
  return verdicts.filter((verdict) => !verdict.excused).length;
}

describe('judgeAcceptedDuringOutages', () => {
  const before = accepted('before', FAULT - 500, FAULT - 480);
  const afterHealing = accepted('after-healing', FAULT + 3_000, FAULT + 21_000);

  it('should fail a 202 for a record the leader appended during the outage', () => {
    const history = [before, accepted('during', FAULT + 2_000, FAULT + 2_010), afterHealing];
    expect(unwritable(history, { during: { appendedAt: FAULT + 2_005, heldBy: [1] } })).toBe(1);
  });

  it('should fail a 202 answered during the outage whose record no broker log holds', () => {
    expect(unwritable([accepted('nowhere', FAULT - 30, FAULT + 40)], {})).toBe(1);
  });

  it('should fail a 202 for a record appended before the fault but held by fewer than min.insync.replicas brokers', () => {
    expect(unwritable([accepted('one-copy', FAULT - 30, FAULT + 9_000)], { 'one-copy': { appendedAt: FAULT - 25, heldBy: [1] } })).toBe(1);
  });

  it('should pass a 202 that arrived after the fault for a record appended and replicated before it', () => {
    const history = [before, accepted('in-flight', FAULT - 30, FAULT + 40), afterHealing];
    expect(unwritable(history, { 'in-flight': { appendedAt: FAULT - 25, heldBy: [1, 2, 3] } })).toBe(0);
  });

  it('should count a record appended in the very millisecond the fault began as before it', () => {
    expect(unwritable([accepted('same-ms', FAULT - 5, FAULT + 3)], { 'same-ms': { appendedAt: FAULT, heldBy: [1, 2, 3] } })).toBe(0);
  });

  it('should not judge 202s answered before the fault or after healing', () => {
    expect(judgeAcceptedDuringOutages([before, afterHealing], [outage], () => undefined, MIN_INSYNC)).toEqual([]);
  });
});
