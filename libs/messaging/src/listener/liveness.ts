// Notices when the listener has not heard from Kafka for too long (no fetch, heartbeat or
// group join), so the process can exit and let its supervisor restart it, instead of
// hanging on forever. kafkajs itself retries and restarts the consumer in the meantime. The clock
// is monotonic: a wall clock stepped forward would make a healthy replica exit.
export class KafkaLiveness {
  private lastContact = performance.now();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly timeoutMs: number,
    private readonly onUnreachable: (silentForMs: number) => void,
  ) {}

  contact(): void {
    this.lastContact = performance.now();
  }

  start(): void {
    this.contact();
    // Checking once a second keeps the reaction time close to the configured limit.
    this.timer = setInterval(() => {
      const silentForMs = performance.now() - this.lastContact;
      if (silentForMs > this.timeoutMs) {
        this.stop();
        this.onUnreachable(silentForMs);
      }
    }, 1_000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
