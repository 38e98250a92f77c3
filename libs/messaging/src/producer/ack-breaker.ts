// Fails sends fast while Kafka acknowledges nothing. Without it, every order sent while the
// cluster cannot take writes (two of three brokers down) holds its HTTP request open for the
// whole send timeout before its 503. Once sends have been failing with no acknowledgement for
// a send timeout (counted from the start of the oldest failed send, never from the last
// acknowledgement: quiet time with no traffic is not failing time), new sends are refused at once, except one probe now and then; the first
// acknowledgement (a probe, or a record kafkajs kept retrying) lets everything through again.
// A leader fail-over stalls acknowledgements for less than a send timeout, so it never trips.

export interface AckBreakerOptions {
  /** Sends failing with no acknowledgement for this long open the breaker. */
  openAfterMs: number;
  /** While open, one send in this interval still goes to Kafka to find out it is back. */
  probeEveryMs: number;
  now?: () => number;
}

export class AckBreaker {
  private readonly now: () => number;
  private lastAckAt: number;
  /** When the oldest send that failed since the last acknowledgement was started; undefined while none failed. */
  private failingSince: number | undefined;
  private lastProbeAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: AckBreakerOptions) {
    this.now = options.now ?? (() => performance.now());
    this.lastAckAt = this.now();
  }

  /** Whether sends are being refused. */
  get isOpen(): boolean {
    return this.failingSince !== undefined && this.now() - this.failingSince >= this.options.openAfterMs;
  }

  /** Milliseconds since Kafka last acknowledged a record. */
  get silentForMs(): number {
    return this.now() - this.lastAckAt;
  }

  /** Whether a new send may go now: always while closed; one probe per interval while open. */
  admit(): boolean {
    if (!this.isOpen) return true;
    if (this.now() - this.lastProbeAt < this.options.probeEveryMs) return false;
    this.lastProbeAt = this.now();
    return true;
  }

  /** When a send starts, on the breaker's own clock: what `failed` takes. */
  started(): number {
    return this.now();
  }

  acknowledged(): void {
    this.lastAckAt = this.now();
    this.failingSince = undefined;
  }

  /** A send started at `startedAt` (from `started`) failed for want of Kafka (timeout, unavailable), not for its own content. */
  failed(startedAt: number): void {
    const since = Math.max(startedAt, this.lastAckAt);
    this.failingSince = Math.min(this.failingSince ?? since, since);
  }
}
