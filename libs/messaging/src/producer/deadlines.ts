// Every send's deadline on one timer instead of a timer per record. All sends share one
// timeout, so deadlines come in the order sends start: the oldest pending is always first,
// and the timer only ever waits for it. Times are monotonic (performance.now): a wall clock
// stepped back by NTP would otherwise hold a send, and the HTTP request waiting on it, open
// for as long as the step. A settled entry drops its callback at once, and the queue empties
// each slot its head passes: a callback holds its send's record, promise and closures, and kept
// until the queue was compacted (over 1,024 entries, tens of ms under load) they lived long
// enough for V8 to promote them to the old generation, which then needed a mark-compact a second.

export interface Deadline {
  readonly at: number;
  /** Dropped once settled or expired. */
  expire: (() => void) | undefined;
}

export class Deadlines {
  private entries: (Deadline | undefined)[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly timeoutMs: number) {}

  /** Calls `expire` once `timeoutMs` have passed, unless `settle` was called first. */
  add(expire: () => void): Deadline {
    const deadline: Deadline = { at: performance.now() + this.timeoutMs, expire };
    this.entries.push(deadline);
    if (this.timer === undefined) this.timer = setTimeout(this.sweep, this.timeoutMs);
    // The timer stays armed while idle, unreferenced so it never keeps the process alive.
    else if (this.head === this.entries.length - 1) this.timer.ref();
    return deadline;
  }

  settle(deadline: Deadline): void {
    deadline.expire = undefined;
    this.dropSettled();
  }

  private dropSettled(): void {
    const { entries } = this;
    while (this.head < entries.length && entries[this.head]!.expire === undefined) entries[this.head++] = undefined;
    if (this.head === entries.length) {
      this.entries = [];
      this.head = 0;
      this.timer?.unref();
    } else if (this.head > 1_024 && this.head * 2 > entries.length) {
      // Drop settled entries in bulk so the array does not grow while sends keep settling in order.
      this.entries = entries.slice(this.head);
      this.head = 0;
    }
  }

  private readonly sweep = (): void => {
    this.timer = undefined;
    const now = performance.now();
    const { entries } = this;
    while (this.head < entries.length && (entries[this.head]!.expire === undefined || entries[this.head]!.at <= now)) {
      const deadline = entries[this.head]!;
      entries[this.head++] = undefined;
      const { expire } = deadline;
      deadline.expire = undefined;
      expire?.();
    }
    this.dropSettled();
    const oldest = this.entries[this.head];
    if (oldest) this.timer = setTimeout(this.sweep, Math.max(1, oldest.at - now));
  };
}
