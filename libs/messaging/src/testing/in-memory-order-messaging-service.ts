// An OrderMessagingService that keeps orders in memory: for other packages' unit tests
// and for measuring order-api without Kafka. It does what the Kafka one does short of Kafka:
// order ids drawn as newId draws them, partitions picked by Kafka's default partitioner;
// offsets grow per partition.
import { newId } from '../orders/ids.js';
import type { OrderMessagingService, OrderReceipt, SendOrderOptions } from '../orders/order-messaging-service.js';
import { toOrderPlaced } from '../orders/to-order-placed.js';
import { partitionFor } from '../producer/partitioner.js';
import type { OrderPlacedV1, OrderPlacedV2, OrderPlacedVersion, TacoOrder } from '@tacocloud/contract';

export interface InMemoryOrderMessagingOptions {
  topic?: string;
  partitions?: number;
  eventVersion?: OrderPlacedVersion;
  /**
   * Keep every order in `sent`, for tests to read (the default). The bench's stub turns it off:
   * hundreds of thousands of kept orders made its heap, and each mark-compact, grow all run long.
   */
  keepSent?: boolean;
}

export class InMemoryOrderMessagingService implements OrderMessagingService {
  readonly sent: { event: OrderPlacedV1 | OrderPlacedV2; receipt: OrderReceipt; correlationId: string }[] = [];
  readonly topic: string;
  readonly partitions: number;
  readonly eventVersion: OrderPlacedVersion;
  private readonly keepSent: boolean;
  private readonly offsets: number[];
  /** Set to make the next sends fail with this error (e.g. a KafkaUnavailableError). */
  failWith: Error | undefined;

  constructor({ topic = 'tacocloud.orders.topic', partitions = 6, eventVersion = 1, keepSent = true }: InMemoryOrderMessagingOptions = {}) {
    this.topic = topic;
    this.partitions = partitions;
    this.eventVersion = eventVersion;
    this.keepSent = keepSent;
    this.offsets = Array.from({ length: partitions }, () => 0);
  }

  async sendOrder(order: TacoOrder, options: SendOrderOptions = {}): Promise<OrderReceipt> {
    if (this.failWith) throw this.failWith;
    const orderId = options.orderId ?? newId();
    const event = toOrderPlaced(order, { orderId, placedAt: new Date() }, this.eventVersion);
    const partition = partitionFor(this.topic, orderId, this.partitions);
    const offset = this.offsets[partition] ?? 0;
    this.offsets[partition] = offset + 1;
    const receipt = { orderId, topic: this.topic, partition, offset: String(offset), timestamp: event.placedAt };
    if (this.keepSent) this.sent.push({ event, receipt, correlationId: options.correlationId ?? orderId });
    return receipt;
  }
}
