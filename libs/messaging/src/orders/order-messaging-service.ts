// The port apps depend on (Spring in Action's OrderMessagingService), with its Kafka
// implementation: the order id is the record key, so one order's events stay in order.
import { OrderPlacedV1, type TacoOrder } from '@tacocloud/contract';
import { InvalidMessageError } from '../errors.js';
import type { RecordPosition } from '../record-position.js';
import type { TypedProducer } from '../producer/typed-producer.js';
import type { OrdersTopic } from '../topics/orders.js';
import { newId } from './ids.js';
import { toOrderPlaced } from './to-order-placed.js';

/** Where Kafka stored the order, and its id (the record key). */
export interface OrderReceipt extends RecordPosition {
  orderId: string;
}

export interface SendOrderOptions {
  /** Defaults to a new random UUID (newId); pass one derived from an Idempotency-Key to make retries safe. */
  orderId?: string;
  /**
   * The request that caused the order (order-api passes its request id). Without one the order id
   * stands for it: the order starts the chain, and the record's key already names it.
   */
  correlationId?: string;
}

export interface OrderMessagingService {
  /**
   * Resolves once Kafka acknowledged the order on all in-sync replicas. The order is one the
   * TacoOrder schema accepted (the HTTP edge parses it), so the event built from it is not checked again.
   */
  sendOrder(order: TacoOrder, options?: SendOrderOptions): Promise<OrderReceipt>;
}

/** Publishes OrderPlaced in the version the topic declaration writes. */
export class KafkaOrderMessagingService implements OrderMessagingService {
  constructor(
    private readonly producer: TypedProducer<unknown>,
    private readonly topic: OrdersTopic,
  ) {}

  async sendOrder(order: TacoOrder, options: SendOrderOptions = {}): Promise<OrderReceipt> {
    const orderId = options.orderId ?? newId();
    // The one part of the event that does not come from the validated order.
    if (options.orderId !== undefined && !OrderPlacedV1.shape.orderId.safeParse(orderId).success) {
      throw new InvalidMessageError('The order id is not a UUID', [{ path: 'orderId', message: 'Invalid UUID' }]);
    }
    const event = toOrderPlaced(order, { orderId, placedAt: new Date() }, this.topic.message.version as 1 | 2);
    const result = await this.producer.send(this.topic, event, {
      key: orderId,
      trusted: true,
      correlationId: options.correlationId ?? orderId,
    });
    return { orderId, topic: result.topic, partition: result.partition, offset: result.offset, timestamp: result.timestamp };
  }
}
