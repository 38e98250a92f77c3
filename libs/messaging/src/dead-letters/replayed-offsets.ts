// What the replay group remembers about one DLT partition. Its committed offset means "every
// letter below was replayed (or is gone)"; a `--since` replay can replay letters above older
// ones it leaves behind, so those ranges go in the commit's metadata. The committed offset
// therefore never passes a letter that was not replayed, and a later replay can still tell
// which letters above it were.

/** Half-open offset range [from, to). */
interface Span {
  from: bigint;
  to: bigint;
}

const FORMAT = 'dlt-replayed/1 ';
/** Kafka's default offset.metadata.max.bytes is 4096; stay under it with room to spare. */
const MAX_METADATA_CHARS = 4_000;

export class ReplayedOffsets {
  private spans: Span[] = [];

  /** From a committed offset ('-1' or absent when none) and its metadata (ours, or anything else). */
  static fromCommit(offset: string | undefined, metadata: string | null | undefined): ReplayedOffsets {
    const replayed = new ReplayedOffsets();
    const committed = offset === undefined ? -1n : BigInt(offset);
    if (committed > 0n) replayed.add(0n, committed);
    if (metadata?.startsWith(FORMAT)) {
      for (const [, from, to] of metadata.slice(FORMAT.length).matchAll(/(\d+)-(\d+)/g)) replayed.add(BigInt(from!), BigInt(to!));
    }
    return replayed;
  }

  copy(): ReplayedOffsets {
    const copy = new ReplayedOffsets();
    copy.spans = [...this.spans];
    return copy;
  }

  has(offset: bigint): boolean {
    return this.spans.some((span) => span.from <= offset && offset < span.to);
  }

  /** The first offset not known to be replayed: where a replay starts reading. */
  get watermark(): bigint {
    const first = this.spans[0];
    return first && first.from === 0n ? first.to : 0n;
  }

  add(from: bigint, to: bigint): void {
    if (from >= to) return;
    const merged: Span[] = [];
    let added: Span = { from, to };
    for (const span of this.spans) {
      if (span.to < added.from) merged.push(span);
      else if (span.from > added.to) {
        merged.push(added);
        added = span;
      } else added = { from: span.from < added.from ? span.from : added.from, to: span.to > added.to ? span.to : added.to };
    }
    merged.push(added);
    this.spans = merged;
  }

  /** Offset and metadata to commit: the watermark, and the ranges replayed above it. */
  toCommit(): { offset: string; metadata: string } {
    const above = this.spans.filter((span) => span.from > 0n);
    const metadata = FORMAT + above.map((span) => `${span.from}-${span.to}`).join(',');
    if (metadata.length > MAX_METADATA_CHARS) {
      throw new Error(
        `Too many replayed ranges above unreplayed letters to record (${above.length}); run a replay without --since to replay the letters left behind`,
      );
    }
    return { offset: String(this.watermark), metadata };
  }
}
