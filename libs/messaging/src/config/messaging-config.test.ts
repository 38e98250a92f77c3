import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from '../errors.js';
import { parseEnv } from './env.js';
import { MessagingEnv, messagingConfigFrom } from './messaging-config.js';

const load = (env: NodeJS.ProcessEnv) => messagingConfigFrom(parseEnv(MessagingEnv, env), 'order-api');

describe('messaging config', () => {
  it('should default the dev profile to one local broker and the book topic', () => {
    expect(load({})).toEqual({
      profile: 'dev',
      logLevel: 'info',
      kafka: { brokers: ['localhost:9092'], clientId: 'tacocloud-order-api', security: { protocol: 'PLAINTEXT' } },
      tracing: { enabled: true, serviceName: 'order-api' },
      orders: {
        topic: 'tacocloud.orders.topic',
        partitions: 6,
        replicationFactor: 3,
        configs: { 'min.insync.replicas': '2', 'unclean.leader.election.enable': 'false' },
        fitReplicationToCluster: true,
        eventVersion: 2,
        listenerGroup: 'order-listener',
      },
    });
  });

  it('should read a broker list and replicate 3 ways with min.insync.replicas=2 in prod', () => {
    const config = load({ APP_PROFILE: 'prod', KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092,kafka-3:9092' });
    expect(config.kafka.brokers).toEqual(['kafka-1:9092', 'kafka-2:9092', 'kafka-3:9092']);
    expect(config.orders.replicationFactor).toBe(3);
    expect(config.orders.configs).toEqual({ 'min.insync.replicas': '2', 'unclean.leader.election.enable': 'false' });
    expect(config.orders.fitReplicationToCluster).toBe(false);
  });

  it('should require KAFKA_BROKERS in prod, naming the variable', () => {
    expect(() => load({ APP_PROFILE: 'prod' })).toThrow(/KAFKA_BROKERS: is required with APP_PROFILE=prod/);
  });

  it.each([
    ['KAFKA_BROKERS', 'localhost'],
    ['KAFKA_BROKERS', 'localhost:99999'],
    ['KAFKA_BROKERS', ','],
    ['APP_PROFILE', 'staging'],
    ['ORDERS_TOPIC_PARTITIONS', 'six'],
    ['ORDERS_TOPIC_PARTITIONS', '0'],
    ['ORDERS_TOPIC', 'orders topic'],
    ['LOG_LEVEL', 'loud'],
    ['ORDER_EVENT_VERSION', '3'],
  ])('should reject %s=%j with a message naming it', (variable, value) => {
    const attempt = () => load({ [variable]: value });
    expect(attempt).toThrow(InvalidConfigError);
    expect(attempt).toThrow(new RegExp(`${variable}: .*\\(got '${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}'\\)`));
  });
});
