import { describe, expect, it } from 'vitest';
import { bootstrapServers, nodesOf, serverProperties } from './layout.js';

const parse = (text: string) =>
  Object.fromEntries(
    text
      .trim()
      .split('\n')
      .map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]),
  );

describe('cluster layout', () => {
  const nodes = nodesOf({ name: 't', brokers: 3, basePort: 9092, clusterId: 'x' }, '/tmp/c');

  it('should give three nodes consecutive client ports and distinct controller ports', () => {
    expect(bootstrapServers(nodes)).toBe('127.0.0.1:9092,127.0.0.1:9093,127.0.0.1:9094');
    expect(nodes.map((n) => n.controllerPort)).toEqual([9192, 9193, 9194]);
  });

  it('should make every node a combined broker+controller and a voter of one quorum', () => {
    const configs = nodes.map((node) => parse(serverProperties(node, nodes)));
    for (const [index, config] of configs.entries()) {
      expect(config['process.roles']).toBe('broker,controller');
      expect(config['node.id']).toBe(String(index + 1));
      expect(config['controller.quorum.voters']).toBe('1@127.0.0.1:9192,2@127.0.0.1:9193,3@127.0.0.1:9194');
      expect(config['offsets.topic.replication.factor']).toBe('3');
      expect(config['auto.create.topics.enable']).toBe('false');
    }
  });

  it('should replicate internal topics only as wide as a single broker allows', () => {
    const [single] = nodesOf({ name: 't', brokers: 1, basePort: 29092, clusterId: 'x' }, '/tmp/c');
    const config = parse(serverProperties(single!, [single!]));
    expect(config['offsets.topic.replication.factor']).toBe('1');
    expect(config['transaction.state.log.min.isr']).toBe('1');
    expect(config['listeners']).toBe('PLAINTEXT://127.0.0.1:29092,CONTROLLER://127.0.0.1:29192');
  });
});

describe('secured node configuration', () => {
  const nodes = nodesOf({ name: 't', brokers: 3, basePort: 31820, controllerBasePort: 31830, clusterId: 'x' }, '/tmp/c');
  const security = {
    keystore: '/tmp/c/tls/broker.pem',
    truststore: '/tmp/c/tls/ca.pem',
    nodePassword: 'node-secret',
    plainUsers: { admin: 'a-secret', 'order-api': 'o-secret' },
    superUsers: ['admin', 'broker'],
  };
  const config = parse(serverProperties(nodes[1]!, nodes, security));

  it('should take the controller ports given, not basePort + 100', () => {
    expect(nodes.map((n) => n.controllerPort)).toEqual([31830, 31831, 31832]);
    expect(config['controller.quorum.voters']).toBe('1@127.0.0.1:31830,2@127.0.0.1:31831,3@127.0.0.1:31832');
  });

  it('should listen for clients on SASL_SSL only and reach the controllers over mutual TLS', () => {
    expect(config['listeners']).toBe('SASL_SSL://127.0.0.1:31821,CONTROLLER://127.0.0.1:31831');
    expect(config['advertised.listeners']).toBe('SASL_SSL://127.0.0.1:31821');
    expect(config['listener.security.protocol.map']).toBe('SASL_SSL:SASL_SSL,CONTROLLER:SSL');
    expect(config['listener.name.controller.ssl.client.auth']).toBe('required');
    expect(Object.values(config).join('\n')).not.toMatch(/PLAINTEXT/);
    expect(config['inter.broker.listener.name']).toBe('SASL_SSL');
    expect(config['sasl.mechanism.inter.broker.protocol']).toBe('SCRAM-SHA-512');
    expect(config['listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config']).toBe(
      'org.apache.kafka.common.security.scram.ScramLoginModule required username="broker" password="node-secret";',
    );
    expect(config['listener.name.sasl_ssl.plain.sasl.jaas.config']).toBe(
      'org.apache.kafka.common.security.plain.PlainLoginModule required user_admin="a-secret" user_order-api="o-secret";',
    );
  });

  it('should authorize every request, with only admin and the nodes as super users', () => {
    expect(config['authorizer.class.name']).toBe('org.apache.kafka.metadata.authorizer.StandardAuthorizer');
    expect(config['super.users']).toBe('User:admin;User:broker');
    expect(config['allow.everyone.if.no.acl.found']).toBe('false');
    expect(config['ssl.keystore.type']).toBe('PEM');
  });
});
