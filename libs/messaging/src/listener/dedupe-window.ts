// Handler-level idempotency: remembers the last N message ids handled, so a redelivered
// record (after a crash or rebalance) is recognised and skipped. Bounded: the oldest id
// is forgotten first, so memory stays flat however long the listener runs.
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
