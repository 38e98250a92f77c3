// @tacocloud/messaging/testing: test doubles for packages that depend on the messaging lib.
export { InMemoryOrderMessagingService } from './in-memory-order-messaging-service.js';
export { SAMPLE_ORDER } from './sample-order.js';
