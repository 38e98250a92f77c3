// The kitchen side: a Nest microservice handler for the orders topic. Each record is checked
// against the version its headers name, as our listener does, then logged with its partition
// and timestamp (the order id, not the event: it holds a name and an address).
import { Controller, Logger, type Type } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { Headers, ORDER_PLACED_VERSIONS } from '@tacocloud/contract';

/** @EventPattern takes the topic at class definition, so the class is made for the configured one. */
export function ordersConsumer(topic: string): Type<unknown> {
  @Controller()
  class OrdersConsumer {
    private readonly logger = new Logger('OrdersConsumer');

    @EventPattern(topic)
    // Nest 12 types an event handler's further arguments as unknown.
    handle(@Payload() value: unknown, @Ctx() ctx: unknown): void {
      const context = ctx as KafkaContext;
      const message = context.getMessage();
      const headers = message.headers as Record<string, string | undefined>;
      const version = ORDER_PLACED_VERSIONS.find(
        (v) => v.type === headers[Headers.messageType] && String(v.version) === headers[Headers.messageVersion],
      );
      if (!version) throw new Error(`Not an OrderPlaced version this consumer reads: ${headers[Headers.messageType]}`);
      const order = version.schema.parse(value);
      this.logger.log(`Received order ${order.orderId} from partition ${context.getPartition()} with timestamp ${message.timestamp}`);
    }
  }
  return OrdersConsumer;
}
