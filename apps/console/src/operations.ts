// The operations page's figures: per partition of the listeners' group its owner, committed
// offset, end offset and lag; per group member its partitions and records handled per second
// (from how far its committed offsets moved since the previous look); and, when the listeners'
// /metrics URLs are known, per replica what it reports itself.
import type { PartitionLag } from '@tacocloud/messaging';
import { parsePrometheusText, type Sample } from './prometheus-text.js';

export interface MemberView {
  memberId: string;
  clientId: string;
  host: string;
  partitions: number[];
  lag: string;
  /** null on the first look: a rate needs two. */
  recordsPerSecond: number | null;
}

export interface ReplicaView {
  url: string;
  up: boolean;
  error?: string;
  /** Partitions the replica owns, by its listener_assigned_partitions. */
  assigned: number;
  handled: number;
  lag: number;
  recordsPerSecond: number | null;
}

export interface PartitionView extends PartitionLag {
  /**
   * Records the group has yet to handle: the lag, or where nothing is committed everything
   * still held (listeners read a partition from its start).
   */
  waiting: string;
}

export interface OperationsSnapshot {
  at: string;
  group: string;
  topic: string;
  partitions: PartitionView[];
  totalLag: string;
  members: MemberView[];
  replicas: ReplicaView[];
}

export interface OperationsOptions {
  group: string;
  topic: string;
  lag: () => Promise<PartitionLag[]>;
  metricsUrls: readonly string[];
  fetchText?: (url: string) => Promise<string>;
  now?: () => number;
}

/** Several open pages share one look at Kafka per second. */
const FRESH_MS = 1_000;
const SCRAPE_TIMEOUT_MS = 2_000;

export class Operations {
  private last: { at: number; snapshot: Promise<OperationsSnapshot> } | undefined;
  private previousCommits: { at: number; committed: Map<number, bigint> } | undefined;
  private readonly previousHandled = new Map<string, { at: number; handled: number }>();
  private readonly fetchText: (url: string) => Promise<string>;
  private readonly now: () => number;

  constructor(private readonly options: OperationsOptions) {
    this.fetchText = options.fetchText ?? fetchText;
    this.now = options.now ?? Date.now;
  }

  snapshot(): Promise<OperationsSnapshot> {
    const now = this.now();
    if (this.last && now - this.last.at < FRESH_MS) return this.last.snapshot;
    const snapshot = this.take(now);
    this.last = { at: now, snapshot };
    snapshot.catch(() => (this.last = undefined));
    return snapshot;
  }

  private async take(now: number): Promise<OperationsSnapshot> {
    const [rows, replicas] = await Promise.all([
      this.options.lag(),
      Promise.all(this.options.metricsUrls.map((url) => this.replica(url, now))),
    ]);
    const partitions = rows
      .filter((row) => row.topic === this.options.topic)
      .map((row) => ({ ...row, waiting: row.lag ?? String(BigInt(row.end) - BigInt(row.start)) }));
    return {
      at: new Date(now).toISOString(),
      group: this.options.group,
      topic: this.options.topic,
      partitions,
      totalLag: String(partitions.reduce((sum, row) => sum + BigInt(row.waiting), 0n)),
      members: this.members(partitions, now),
      replicas,
    };
  }

  private members(partitions: PartitionView[], now: number): MemberView[] {
    const committed = new Map(partitions.map((row) => [row.partition, BigInt(row.committed ?? 0)]));
    const previous = this.previousCommits;
    this.previousCommits = { at: now, committed };
    const members = new Map<string, MemberView & { moved: bigint }>();
    for (const row of partitions) {
      if (!row.owner) continue;
      const member = members.get(row.owner.memberId) ?? { ...row.owner, partitions: [], lag: '0', recordsPerSecond: null, moved: 0n };
      member.partitions.push(row.partition);
      member.lag = String(BigInt(member.lag) + BigInt(row.waiting));
      const before = previous?.committed.get(row.partition);
      if (before !== undefined) member.moved += (committed.get(row.partition) ?? 0n) - before;
      members.set(row.owner.memberId, member);
    }
    const seconds = previous ? (now - previous.at) / 1_000 : 0;
    return [...members.values()]
      .map(({ moved, ...member }) => ({ ...member, recordsPerSecond: seconds > 0 ? Number(moved) / seconds : null }))
      .sort((a, b) => a.clientId.localeCompare(b.clientId) || a.memberId.localeCompare(b.memberId));
  }

  private async replica(url: string, now: number): Promise<ReplicaView> {
    let samples: Sample[];
    try {
      samples = parsePrometheusText(await this.fetchText(url));
    } catch (error) {
      this.previousHandled.delete(url);
      return { url, up: false, error: (error as Error).message, assigned: 0, handled: 0, lag: 0, recordsPerSecond: null };
    }
    const ofTopic = (name: string) => samples.filter((s) => s.name === name && s.labels['topic'] === this.options.topic);
    const handled = ofTopic('listener_records_handled_total').reduce((sum, s) => sum + s.value, 0);
    // kafka_consumer_lag has a sample for each owned partition once it has fetched from it.
    const lag = ofTopic('kafka_consumer_lag').reduce((sum, s) => sum + s.value, 0);
    const previous = this.previousHandled.get(url);
    this.previousHandled.set(url, { at: now, handled });
    const seconds = previous ? (now - previous.at) / 1_000 : 0;
    return {
      url,
      up: true,
      assigned: ofTopic('listener_assigned_partitions').reduce((sum, s) => sum + s.value, 0),
      handled,
      lag,
      // A restarted replica's counters start again from zero: no rate until the next look.
      recordsPerSecond: previous && seconds > 0 && handled >= previous.handled ? (handled - previous.handled) / seconds : null,
    };
  }
}

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(SCRAPE_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.text();
}
