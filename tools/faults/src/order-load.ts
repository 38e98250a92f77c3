// A steady load of orders over HTTP, as real clients would send them, recording what each
// request got back: the checker compares the ids answered 202 with what listeners handled.
import { randomUUID } from 'node:crypto';
import { SAMPLE_ORDER } from '@tacocloud/messaging/testing';

export interface LoadOptions {
  baseUrl: string;
  ratePerSecond: number;
  /** Requests allowed in flight at once; beyond it the load waits, as a pooled client would. */
  maxInFlight?: number;
}

export interface LoadResult {
  sent: number;
  /** Order id -> time the 202 arrived. */
  accepted: Map<string, number>;
  statuses: Map<number | 'error', number>;
}

export interface RunningLoad {
  readonly result: LoadResult;
  /** 202s answered after `since` (ms epoch). */
  acceptedSince(since: number): number;
  stop(): Promise<LoadResult>;
}

export function startOrderLoad({ baseUrl, ratePerSecond, maxInFlight = 200 }: LoadOptions): RunningLoad {
  const result: LoadResult = { sent: 0, accepted: new Map(), statuses: new Map() };
  const inFlight = new Set<Promise<void>>();
  const count = (status: number | 'error') => result.statuses.set(status, (result.statuses.get(status) ?? 0) + 1);
  const post = async () => {
    result.sent++;
    try {
      const response = await fetch(`${baseUrl}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify(SAMPLE_ORDER),
        signal: AbortSignal.timeout(30_000),
      });
      const body = (await response.json()) as { orderId?: string };
      count(response.status);
      if (response.status === 202 && body.orderId) result.accepted.set(body.orderId, Date.now());
    } catch {
      count('error');
    }
  };
  const timer = setInterval(() => {
    if (inFlight.size >= maxInFlight) return;
    const request = post().finally(() => inFlight.delete(request));
    inFlight.add(request);
  }, 1000 / ratePerSecond);
  return {
    result,
    acceptedSince: (since) => [...result.accepted.values()].filter((at) => at >= since).length,
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
      return result;
    },
  };
}
