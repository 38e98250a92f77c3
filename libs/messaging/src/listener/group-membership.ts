// Whether this replica is a consuming member of its group, as its readiness probe says. kafkajs
// counts itself a member for as long as it cannot reach a broker (one paused or cut off: its
// requests just wait), so past a session timeout without a word from Kafka, when the group
// coordinator would have let it go, the replica is not a member either.
export type Assignment = Readonly<Record<string, readonly number[]>>;

export class GroupMembership {
  private joined = false;
  private assignment: Assignment = {};
  private lastContactAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly sessionTimeoutMs: number,
    /** Monotonic: a wall clock stepped forward would drop a healthy replica. */
    private readonly now: () => number = () => performance.now(),
  ) {}

  joinedWith(assignment: Assignment): void {
    this.joined = true;
    this.assignment = assignment;
    this.contact();
  }

  left(): void {
    this.joined = false;
  }

  /** Kafka answered: a fetch, a heartbeat. */
  contact(): void {
    this.lastContactAt = this.now();
  }

  get isMember(): boolean {
    return this.joined && this.now() - this.lastContactAt <= this.sessionTimeoutMs;
  }

  /** The partitions owned, by topic; none while not a member. */
  get partitions(): Assignment {
    return this.isMember ? this.assignment : {};
  }
}
