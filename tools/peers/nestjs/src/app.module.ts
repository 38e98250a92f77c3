// Wires the peer: the HTTP controller with its ClientKafka (idempotent, acks=all, no reply
// consumer), and the consumer controller when it listens.
import { Module, type DynamicModule } from '@nestjs/common';
import { ClientsModule, Transport } from '@nestjs/microservices';
import { Partitioners } from 'kafkajs';
import type { PeerConfig } from './config.js';
import { ordersConsumer } from './orders.consumer.js';
import { KAFKA_CLIENT, ORDERS_TOPIC, OrdersController } from './orders.controller.js';

@Module({})
export class AppModule {
  static register(config: PeerConfig): DynamicModule {
    return {
      module: AppModule,
      imports: config.http
        ? [
            ClientsModule.register([
              {
                name: KAFKA_CLIENT,
                transport: Transport.KAFKA,
                options: {
                  client: { clientId: 'tacocloud-nest-peer', brokers: config.brokers },
                  // Java's partitioner, as order-api and Spring use: an order id lands on the same partition.
                  producer: { idempotent: true, createPartitioner: Partitioners.DefaultPartitioner },
                  // Only emits: without this ClientKafka also joins a consumer group for replies.
                  producerOnlyMode: true,
                  send: { acks: -1 },
                },
              },
            ]),
          ]
        : [],
      controllers: [...(config.http ? [OrdersController] : []), ...(config.listen ? [ordersConsumer(config.topic)] : [])],
      providers: config.http ? [{ provide: ORDERS_TOPIC, useValue: config.topic }] : [],
    };
  }
}
