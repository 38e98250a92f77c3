// The shape of a local cluster: node ids, ports and each node's server.properties.
// Every node is a combined KRaft broker+controller, and every node is a voter, so a
// 3-node cluster has a real 3-voter controller quorum that survives one node down.
import { join } from 'node:path';

export interface ClusterLayout {
  name: string;
  brokers: number;
  /** Client port of node 1; node n listens on basePort + n - 1. */
  basePort: number;
  clusterId: string;
}

export interface NodeLayout {
  id: number;
  host: string;
  port: number;
  controllerPort: number;
  dir: string;
  dataDir: string;
  propertiesFile: string;
  logFile: string;
  pidFile: string;
}

const HOST = '127.0.0.1';
/**
 * Controller ports sit 100 above client ports: 9092 -> 9192. Both stay below Linux's
 * ephemeral range (32768+) for the usual base ports, where a client socket could take them.
 */
const CONTROLLER_PORT_OFFSET = 100;

export function nodesOf(layout: ClusterLayout, clusterDir: string): NodeLayout[] {
  return Array.from({ length: layout.brokers }, (_, index) => {
    const id = index + 1;
    const dir = join(clusterDir, `node-${id}`);
    return {
      id,
      host: HOST,
      port: layout.basePort + index,
      controllerPort: layout.basePort + index + CONTROLLER_PORT_OFFSET,
      dir,
      dataDir: join(dir, 'data'),
      propertiesFile: join(dir, 'server.properties'),
      logFile: join(dir, 'broker.log'),
      pidFile: join(dir, 'broker.pid'),
    };
  });
}

export function bootstrapServers(nodes: NodeLayout[]): string {
  return nodes.map((node) => `${node.host}:${node.port}`).join(',');
}

export function serverProperties(node: NodeLayout, nodes: NodeLayout[]): string {
  const replication = Math.min(3, nodes.length);
  const voters = nodes.map((n) => `${n.id}@${n.host}:${n.controllerPort}`).join(',');
  const settings: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': node.id,
    'controller.quorum.voters': voters,
    listeners: `PLAINTEXT://${node.host}:${node.port},CONTROLLER://${node.host}:${node.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${node.host}:${node.port}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'log.dirs': node.dataDir,
    // Internal topics cannot be replicated wider than the cluster; with the default of 3 a
    // single broker never creates __consumer_offsets and every group join fails.
    'offsets.topic.replication.factor': replication,
    'transaction.state.log.replication.factor': replication,
    'transaction.state.log.min.isr': Math.min(2, replication),
    'share.coordinator.state.topic.replication.factor': replication,
    'share.coordinator.state.topic.min.isr': Math.min(2, replication),
    // Fewer offsets partitions than the default 50: faster start, same semantics locally.
    'offsets.topic.num.partitions': 10,
    // Our apps declare their topics; a typo must fail loudly rather than create a topic.
    'auto.create.topics.enable': false,
    // Groups form at once instead of waiting 3 s for more members: tests start fast.
    'group.initial.rebalance.delay.ms': 0,
    'unclean.leader.election.enable': false,
    // Thread pools sized for a 2-core machine running 3 brokers plus the apps.
    'num.network.threads': 2,
    'num.io.threads': 4,
    'background.threads': 4,
    'num.recovery.threads.per.data.dir': 1,
    'log.cleaner.threads': 1,
  };
  return `${Object.entries(settings)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')}\n`;
}

/** Log4j 2 config: Kafka 4 logs through SLF4J -> Log4j 2 and is silent without one. */
export const LOG4J2_PROPERTIES = `status = warn
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.stdout.ref = STDOUT
logger.kafka.name = kafka
logger.kafka.level = INFO
logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.state.name = state.change.logger
logger.state.level = WARN
`;

/** Heap and GC for a small machine; KAFKA_HEAP_OPTS / KAFKA_JVM_OPTS override, as in Kafka's scripts. */
export function jvmOptions(env: NodeJS.ProcessEnv): string[] {
  const heap = env['KAFKA_HEAP_OPTS'] ?? '-Xms256m -Xmx512m';
  // Serial GC: one GC thread instead of G1's pool, which fights the apps for 2 cores.
  const jvm = env['KAFKA_JVM_OPTS'] ?? '-XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true';
  return [...heap.split(/\s+/), ...jvm.split(/\s+/)].filter(Boolean);
}
