// The orders topic: OrderPlaced events keyed by order id. Producers write the configured
// version; listeners read every published version, upcast to the newest shape.
import {
  ORDER_PLACED_V1,
  ORDER_PLACED_V2,
  upcastOrderPlacedV1,
  type OrderPlaced,
  type OrderPlacedV1,
  type OrderPlacedV2,
  type OrderPlacedVersion,
} from '@tacocloud/contract';
import { DEFAULT_PARTITIONS, reader, type TopicDeclaration } from './declaration.js';

export const DEFAULT_ORDERS_TOPIC = 'tacocloud.orders.topic';

export type OrdersTopic = TopicDeclaration<OrderPlacedV1 | OrderPlacedV2, OrderPlaced>;

export interface OrdersTopicOptions {
  name?: string;
  partitions?: number;
  replicationFactor?: number;
  configs?: Record<string, string>;
  fitReplicationToCluster?: boolean;
  /** The OrderPlaced version producers write (default 1); listeners always read all. */
  writeVersion?: OrderPlacedVersion;
}

export const ORDERS_TOPIC_READERS = [reader(ORDER_PLACED_V1, upcastOrderPlacedV1), reader(ORDER_PLACED_V2, (v) => v)] as const;

export function ordersTopic(options: OrdersTopicOptions = {}): OrdersTopic {
  const message = options.writeVersion === 2 ? ORDER_PLACED_V2 : ORDER_PLACED_V1;
  return Object.freeze({
    name: options.name ?? DEFAULT_ORDERS_TOPIC,
    partitions: options.partitions ?? DEFAULT_PARTITIONS,
    replicationFactor: options.replicationFactor ?? 1,
    configs: options.configs ?? {},
    fitReplicationToCluster: options.fitReplicationToCluster ?? false,
    message: message as OrdersTopic['message'],
    readers: ORDERS_TOPIC_READERS,
    key: (event: OrderPlacedV1 | OrderPlacedV2) => event.orderId,
    messageId: (event: OrderPlacedV1 | OrderPlacedV2) => event.eventId,
  });
}
