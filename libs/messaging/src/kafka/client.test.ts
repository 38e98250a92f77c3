import { logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { levelOfKafkaEntry } from './client.js';

const entry = (level: logLevel, namespace: string, message: string) => ({ level, namespace, log: { message, timestamp: '' } });

describe('levelOfKafkaEntry', () => {
  it('should log the error responses kafkajs retries by itself at debug, so a first start shows no warnings', () => {
    expect(levelOfKafkaEntry(entry(logLevel.ERROR, 'Connection', 'Response Metadata(key: 3, version: 6)'))).toBe('debug');
    expect(levelOfKafkaEntry(entry(logLevel.WARN, 'Runner', 'The group is rebalancing, re-joining'))).toBe('info');
  });

  it('should keep what a person should look at as warnings and errors', () => {
    expect(levelOfKafkaEntry(entry(logLevel.ERROR, 'Consumer', 'Crash: KafkaJSNumberOfRetriesExceeded'))).toBe('error');
    expect(levelOfKafkaEntry(entry(logLevel.WARN, 'BrokerPool', 'Failed to connect to seed broker'))).toBe('warn');
  });
});

describe('levelOfKafkaEntry on secured clusters', () => {
  it('should leave a refused login to the caller, who reports it once in words', () => {
    expect(levelOfKafkaEntry(entry(logLevel.ERROR, 'SaslAuthenticator-SCRAM-SHA-512', 'SASL SCRAM SHA512 authentication failed'))).toBe(
      'debug',
    );
  });

  it("should accept kafkajs's root logger entries, which have no namespace", () => {
    expect(
      levelOfKafkaEntry({ level: logLevel.WARN, log: { message: 'KafkaJS v2.0.0 switched default partitioner', timestamp: '' } } as never),
    ).toBe('warn');
  });
});
