export { declareTopic, DEFAULT_PARTITIONS, type MessageOf, type MessageType, type TopicDeclaration } from './declaration.js';
export { DEFAULT_ORDERS_TOPIC, ordersTopic, type OrdersTopicOptions } from './orders.js';
export { ensureTopics } from './provision.js';
