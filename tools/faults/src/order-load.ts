// A steady load of orders over HTTP, as real clients would send them, recording what each
// request got back and when: the checker compares the ids answered 202 with what listeners
// handled, and the timings show how long a fault kept orders out.
import { randomUUID } from 'node:crypto';
import { postOrder } from '@tacocloud/messaging/testing';

export interface LoadOptions {
  baseUrl: string;
  ratePerSecond: number;
  /** Requests allowed in flight at once; beyond it the load waits, as a pooled client would. */
  maxInFlight?: number;
}

export interface Answer {
  sentAt: number;
  answeredAt: number;
  status: number | 'error';
  /** Set for a 202. */
  orderId?: string;
  /** Where Kafka put the order, from the 202's receipt: the checker looks the record up there. */
  partition?: number;
  offset?: string;
}

export interface LoadResult {
  sent: number;
  answers: Answer[];
  /** Order id -> the 202 that accepted it. */
  accepted: Map<string, Answer>;
  statuses: Map<number | 'error', number>;
}

export interface RunningLoad {
  readonly result: LoadResult;
  /** 202s for requests sent at or after `since` (ms epoch). */
  acceptedSince(since: number): number;
  stop(): Promise<LoadResult>;
}

export function startOrderLoad({ baseUrl, ratePerSecond, maxInFlight = 200 }: LoadOptions): RunningLoad {
  const result: LoadResult = { sent: 0, answers: [], accepted: new Map(), statuses: new Map() };
  const inFlight = new Set<Promise<void>>();
  const record = (answer: Answer) => {
    result.answers.push(answer);
    result.statuses.set(answer.status, (result.statuses.get(answer.status) ?? 0) + 1);
    if (answer.orderId) result.accepted.set(answer.orderId, answer);
  };
  const post = async () => {
    result.sent++;
    const sentAt = Date.now();
    try {
      const response = await postOrder(baseUrl, { 'idempotency-key': randomUUID() });
      const body = (await response.json()) as { orderId?: string; partition?: number; offset?: string };
      const receipt = response.status === 202 ? { orderId: body.orderId, partition: body.partition, offset: body.offset } : {};
      record({ sentAt, answeredAt: Date.now(), status: response.status, ...receipt });
    } catch {
      record({ sentAt, answeredAt: Date.now(), status: 'error' });
    }
  };
  const timer = setInterval(() => {
    if (inFlight.size >= maxInFlight) return;
    const request = post().finally(() => inFlight.delete(request));
    inFlight.add(request);
  }, 1000 / ratePerSecond);
  return {
    result,
    acceptedSince: (since) => [...result.accepted.values()].filter((answer) => answer.sentAt >= since).length,
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
      return result;
    },
  };
}
