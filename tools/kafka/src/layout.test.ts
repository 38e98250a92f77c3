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
