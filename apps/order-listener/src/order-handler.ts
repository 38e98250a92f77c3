// What the kitchen does with an order; for now it logs it, as the book's listener does:
// "Received order <id> from partition <p> with timestamp <ts>", with the same values as fields.
import { Headers, type ListenerRecord, type MessageHandler, type OrderPlaced } from '@tacocloud/messaging';
import type { Logger } from 'pino';

export function orderHandler(logger: Logger): MessageHandler<OrderPlaced> {
  return async (order: OrderPlaced, record: ListenerRecord) => {
    logger.info(
      {
        orderId: order.orderId,
        partition: record.partition,
        offset: record.offset,
        timestamp: record.timestamp,
        tacos: order.tacos.length,
        correlationId: record.headers[Headers.correlationId],
      },
      `Received order ${order.orderId} from partition ${record.partition} with timestamp ${record.timestamp}`,
    );
  };
}
