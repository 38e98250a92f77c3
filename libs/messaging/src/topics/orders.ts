// The orders topic: OrderPlaced events keyed by order id.
import { ORDER_PLACED, OrderPlacedV1 } from '../schemas/order-placed.js';
import { declareTopic, DEFAULT_PARTITIONS, type TopicDeclaration } from './declaration.js';

export const DEFAULT_ORDERS_TOPIC = 'tacocloud.orders.topic';

export interface OrdersTopicOptions {
  name?: string;
  partitions?: number;
  replicationFactor?: number;
  configs?: Record<string, string>;
}

export function ordersTopic(options: OrdersTopicOptions = {}): TopicDeclaration<OrderPlacedV1> {
  return declareTopic<OrderPlacedV1>({
    name: options.name ?? DEFAULT_ORDERS_TOPIC,
    partitions: options.partitions ?? DEFAULT_PARTITIONS,
    replicationFactor: options.replicationFactor ?? 1,
    configs: options.configs ?? {},
    message: { ...ORDER_PLACED, schema: OrderPlacedV1 },
    key: (event) => event.orderId,
  });
}
