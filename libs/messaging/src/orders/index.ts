export {
  KafkaOrderMessagingService,
  type OrderMessagingService,
  type OrderReceipt,
  type SendOrderOptions,
} from './order-messaging-service.js';
export { firstIdWithoutCardNumber, newId } from './ids.js';
export { eventIdFor, orderIdForIdempotencyKey, toOrderPlaced } from './to-order-placed.js';
export { orderTopicsFrom, type OrderTopics } from './order-topics.js';
