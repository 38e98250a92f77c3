// Judges the 202s answered while the cluster could not take writes by what the brokers
// knew, not by when the answer reached the load generator. With acks=all, a record the
// leader appended before the fault and had on enough brokers may rightly be acknowledged a
// moment later: its answer was already on its way (Kafka to order-api to HTTP client) when
// the brokers died. A record appended once the fault had begun, or held by fewer brokers
// than min.insync.replicas, must never get a 202 during the outage.
import type { Answer } from './order-load.js';

/** A span in which the cluster could not take writes, from the moment the fault was injected. */
export interface Outage {
  from: number;
  until: number;
}

/** What the brokers' own logs say about an accepted order (read before the fault healed). */
export interface BrokerRecord {
  /** When the leader appended the record (the batch's LogAppendTime), epoch ms. */
  appendedAt: number;
  /** Brokers whose log held the record while the outage lasted. */
  heldBy: number[];
}

export interface Verdict {
  answer: Answer;
  outage: Outage;
  /** Undefined when no broker's log had the record, or it carried no LogAppendTime. */
  record: BrokerRecord | undefined;
  /** Acknowledged in time: appended before the fault and held by at least min.insync.replicas brokers. */
  excused: boolean;
}

/** One verdict for every 202 answered during an outage; those not excused break the promise. */
export function judgeAcceptedDuringOutages(
  accepted: readonly Answer[],
  outages: readonly Outage[],
  recordOf: (answer: Answer) => BrokerRecord | undefined,
  minInsyncReplicas: number,
): Verdict[] {
  return accepted.flatMap((answer) => {
    const outage = outages.find(({ from, until }) => answer.answeredAt >= from && answer.answeredAt <= until);
    if (!outage) return [];
    const record = recordOf(answer);
    const excused = record !== undefined && record.appendedAt <= outage.from && record.heldBy.length >= minInsyncReplicas;
    return [{ answer, outage, record, excused }];
  });
}

/** One line per verdict, times in ms relative to the fault: the evidence behind the count. */
export function describeVerdict({ answer, outage, record, excused }: Verdict): string {
  const at = (time: number) => `${time - outage.from >= 0 ? '+' : ''}${time - outage.from} ms`;
  const where = `${answer.partition ?? '?'}@${answer.offset ?? '?'}`;
  const broker = record
    ? `appended ${at(record.appendedAt)} (LogAppendTime), held by brokers [${record.heldBy.join(', ')}]`
    : 'not found in any broker log';
  return `${excused ? 'excused' : 'VIOLATION'}: order ${answer.orderId} (${where}) sent ${at(answer.sentAt)}, ${broker}, 202 received ${at(answer.answeredAt)}`;
}
