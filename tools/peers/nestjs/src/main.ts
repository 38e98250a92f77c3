// The NestJS peer: what a Node team would write with Nest's Kafka transport. POST /orders on
// Fastify, and the consumer as a connected microservice (or alone, with HTTP=false); measured
// beside order-api and order-listener in `npm run bench`.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Transport, type KafkaOptions } from '@nestjs/microservices';
import { Partitioners } from 'kafkajs';
import { AppModule } from './app.module.js';
import { loadConfig, type PeerConfig } from './config.js';

const config = loadConfig(process.env);
const module = AppModule.register(config);

if (config.http) {
  const app = await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(), { logger: config.logLevels });
  if (config.listen) {
    app.connectMicroservice(consumerOptions(config));
    await app.startAllMicroservices();
  }
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  console.log(`NestJS peer listening on ${await app.getUrl()}`);
} else {
  const app = await NestFactory.createMicroservice(module, { ...consumerOptions(config), logger: config.logLevels });
  app.enableShutdownHooks();
  await app.listen();
  console.log(`NestJS peer consuming ${config.topic} as ${config.groupId}`);
}

function consumerOptions(config: PeerConfig): KafkaOptions {
  return {
    transport: Transport.KAFKA,
    options: {
      client: { clientId: 'tacocloud-nest-kitchen', brokers: config.brokers },
      consumer: { groupId: config.groupId },
      // The group id as configured, as our listener and Spring use it (Nest appends '-server' by default).
      postfixId: '',
      subscribe: { fromBeginning: true },
      producer: { createPartitioner: Partitioners.DefaultPartitioner },
    },
  };
}
