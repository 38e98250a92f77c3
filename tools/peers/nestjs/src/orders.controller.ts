// POST /orders: the order validated with our contract's zod schema, emitted through ClientKafka
// (acks=all), answered 202 with the record's partition and offset once Kafka acknowledged it.
import { BadRequestException, Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import type { ClientKafka } from '@nestjs/microservices';
import { TacoOrder } from '@tacocloud/contract';
import type { RecordMetadata } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { headersFor, toOrderPlaced } from './order-placed.js';

export const KAFKA_CLIENT = 'KAFKA_CLIENT';
export const ORDERS_TOPIC = 'ORDERS_TOPIC';

@Controller('orders')
export class OrdersController {
  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: ClientKafka,
    @Inject(ORDERS_TOPIC) private readonly topic: string,
  ) {}

  @Post()
  @HttpCode(202)
  async placeOrder(@Body() body: unknown) {
    const parsed = TacoOrder.safeParse(body);
    if (!parsed.success) {
      // Messages only: zod's issues can carry the input, and with it the card number.
      const violations = parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message }));
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'Invalid order', violations });
    }
    const event = toOrderPlaced(parsed.data);
    const timestamp = Date.now();
    const message = { key: event.orderId, value: JSON.stringify(event), headers: headersFor(event), timestamp: String(timestamp) };
    const [metadata] = (await lastValueFrom(this.kafka.emit(this.topic, message))) as RecordMetadata[];
    return {
      status: 'accepted',
      orderId: event.orderId,
      topic: this.topic,
      partition: metadata!.partition,
      offset: metadata!.baseOffset,
      timestamp: new Date(timestamp).toISOString(),
    };
  }
}
