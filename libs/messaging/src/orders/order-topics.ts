// The topics of the order flow, declared from config: the orders topic and its DLT.
import type { MessagingConfig } from '../config/messaging-config.js';
import { deadLetterTopicOf } from '../listener/dead-letter.js';
import type { TopicLayout } from '../topics/declaration.js';
import { ordersTopic, type OrdersTopic } from '../topics/orders.js';

export interface OrderTopics {
  orders: OrdersTopic;
  ordersDeadLetter: TopicLayout;
  /** Everything to provision at start. */
  all: readonly TopicLayout[];
}

export function orderTopicsFrom(config: MessagingConfig): OrderTopics {
  const orders = ordersTopic({
    name: config.orders.topic,
    partitions: config.orders.partitions,
    replicationFactor: config.orders.replicationFactor,
    configs: config.orders.configs,
    fitReplicationToCluster: config.orders.fitReplicationToCluster,
    writeVersion: config.orders.eventVersion,
  });
  const ordersDeadLetter = deadLetterTopicOf(orders);
  return { orders, ordersDeadLetter, all: [orders, ordersDeadLetter] };
}
