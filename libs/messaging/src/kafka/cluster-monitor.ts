// Knows whether the cluster answers right now, by asking it every few seconds. kafkajs's
// producer has no such signal: it stays "connected" while every broker is down, so a
// readiness check built on it would keep routing orders to an instance that cannot take them.
import type { Kafka } from 'kafkajs';
import type { Logger } from '../logger.js';
import { connectionOf } from './client.js';
import { describeBrokers } from './describe-brokers.js';

/** Often enough for a load balancer to react within seconds, cheap for the cluster. */
const CHECK_EVERY_MS = 3_000;
/** A metadata request answers in milliseconds on a healthy cluster. */
const CHECK_TIMEOUT_MS = 2_000;

export class ClusterMonitor {
  private timer: NodeJS.Timeout | undefined;
  private checking = false;
  private reachable = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly logger: Logger,
  ) {}

  get isReachable(): boolean {
    return this.reachable;
  }

  /** Resolves after the first check, so that whoever logs "ready" next is telling the truth. */
  async start(): Promise<void> {
    this.timer = setInterval(() => void this.check(), CHECK_EVERY_MS);
    this.timer.unref();
    await this.check();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
  }

  private async check(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      // Asks for brokers only: an offline partition of any other topic does not make us unready.
      const view = await describeBrokers(connectionOf(this.kafka), CHECK_TIMEOUT_MS);
      this.set(view.brokers.length > 0, 'no broker registered');
    } catch (error) {
      this.set(false, (error as Error).message);
    } finally {
      this.checking = false;
    }
  }

  private set(reachable: boolean, why?: string): void {
    if (reachable === this.reachable) return;
    this.reachable = reachable;
    if (reachable) this.logger.info('Kafka cluster reachable');
    else this.logger.warn({ error: why }, 'Kafka cluster not reachable: not ready for orders');
  }
}
