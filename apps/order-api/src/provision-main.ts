// Creates the orders topic and its DLT as order-api declares them, then exits: 0 when they
// exist as declared (created now or before), 1 with the reason otherwise. For clusters where
// the apps' own principals may not create topics: a Kubernetes Job (docker/k8s/overlays/prod)
// runs it from order-api's image under a principal that may. Same environment as order-api,
// of which it reads only the Kafka and topic variables (no IDEMPOTENCY_SECRET to mount).
import {
  configOrExit,
  createKafkaClient,
  ensureTopics,
  MessagingEnv,
  messagingConfigFrom,
  orderTopicsFrom,
  parseEnv,
} from '@tacocloud/messaging';
import { pino } from 'pino';
import { loggerOptions } from './logger.js';

const config = configOrExit('order-topics', () => messagingConfigFrom(parseEnv(MessagingEnv, process.env), 'order-api'));
const logger = pino({ ...loggerOptions(config.logLevel), base: { service: 'order-topics' } });
const topics = orderTopicsFrom(config);
try {
  await ensureTopics(createKafkaClient({ ...config.kafka, logger }), topics.all, logger);
  logger.info({ topics: topics.all.map((topic) => topic.name) }, 'Topics exist as declared');
} catch (error) {
  logger.fatal(`Topics not provisioned: ${(error as Error).message}`);
  process.exitCode = 1;
}
