// Remembers the last N message ids this process handled, so a duplicate it has seen itself
// (an Idempotency-Key retry, a redelivery after a failed commit) is skipped. It lives in
// memory only: after a crash, a restart or a rebalance that moves a partition to another
// replica, duplicates reach the handler, which keys its side effects on the order id.
// Bounded: the oldest id is forgotten first, so memory stays flat however long it runs.
export class DedupeWindow {
  private readonly ids = new Set<string>();

  constructor(readonly size: number) {}

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string): void {
    if (this.size <= 0) return;
    this.ids.delete(id);
    this.ids.add(id);
    if (this.ids.size > this.size) this.ids.delete(this.ids.values().next().value as string);
  }
}
