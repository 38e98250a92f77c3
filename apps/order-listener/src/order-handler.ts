// What the kitchen does with an order; for now it logs it, as the book's listener does:
// "Received order <id> from partition <p> with timestamp <ts>", with the same values as fields.
import { Headers, maskCardNumbers, type ListenerRecord, type MessageHandler, type OrderPlaced } from '@tacocloud/messaging';
import type { Logger } from 'pino';

const maybeMasked = (text: string | undefined) => (text === undefined ? undefined : maskCardNumbers(text));

export function orderHandler(logger: Logger): MessageHandler<OrderPlaced> {
  return async (order: OrderPlaced, record: ListenerRecord) => {
    // Below info the line's fields would be built and masked for nothing.
    if (!logger.isLevelEnabled('info')) return;
    logger.info(
      {
        orderId: order.orderId,
        partition: record.partition,
        offset: record.offset,
        timestamp: record.timestamp,
        tacos: order.tacos.length,
        // Any producer may set it: a card number in it is masked, not logged.
        correlationId: maybeMasked(record.headers[Headers.correlationId]),
      },
      `Received order ${order.orderId} from partition ${record.partition} with timestamp ${record.timestamp}`,
    );
  };
}

/**
 * What a duplicate is known by: the event's id with its order id. Both come from the validated
 * value, not the message-id header; but a producer chooses the event id too, and one that sent
 * the same event id with every order made every order after its first a skipped duplicate (a
 * hostile review). A redelivery or an Idempotency-Key retry repeats both.
 */
export const duplicateIdOf = (order: OrderPlaced): string => `${order.eventId}/${order.orderId}`;
