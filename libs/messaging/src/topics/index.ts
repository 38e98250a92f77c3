export {
  DEFAULT_PARTITIONS,
  reader,
  readerFor,
  type MessageReader,
  type ReadableTopic,
  type TopicDeclaration,
  type TopicLayout,
} from './declaration.js';
export { DEFAULT_ORDERS_TOPIC, ORDERS_TOPIC_READERS, ordersTopic, type OrdersTopic, type OrdersTopicOptions } from './orders.js';
export { ensureTopics } from './provision.js';
