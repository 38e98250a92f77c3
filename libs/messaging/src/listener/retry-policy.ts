// How a failing handler is retried before its record is dead-lettered (Spring's
// DefaultErrorHandler with an ExponentialBackOff).
export interface RetryPolicy {
  /** Total tries, the first included; 1 means no retry. */
  attempts: number;
  initialDelayMs: number;
  multiplier: number;
  maxDelayMs: number;
}

/** Three tries over ~3 s: rides out a brief outage of what the handler calls, then moves on. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 3, initialDelayMs: 1_000, multiplier: 2, maxDelayMs: 10_000 };

/** Delay before try number `attempt + 1`, after `attempt` failed tries (attempt >= 1). */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.multiplier ** (attempt - 1));
}
