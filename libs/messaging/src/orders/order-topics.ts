// The topics of the order flow, declared from config: the orders topic and its DLT.
import type { MessagingConfig } from '../config/messaging-config.js';
import { deadLetterTopicOf } from '../listener/dead-letter.js';
import type { OrderPlacedV1 } from '../schemas/order-placed.js';
import type { TopicDeclaration } from '../topics/declaration.js';
import { ordersTopic } from '../topics/orders.js';

export interface OrderTopics {
  orders: TopicDeclaration<OrderPlacedV1>;
  ordersDeadLetter: TopicDeclaration<unknown>;
  all: readonly TopicDeclaration[];
}

export function orderTopicsFrom(config: MessagingConfig): OrderTopics {
  const orders = ordersTopic({
    name: config.orders.topic,
    partitions: config.orders.partitions,
    replicationFactor: config.orders.replicationFactor,
    configs: config.orders.configs,
  });
  const ordersDeadLetter = deadLetterTopicOf(orders);
  return { orders, ordersDeadLetter, all: [orders, ordersDeadLetter] as TopicDeclaration[] };
}
