// The shape of a local cluster: node ids, ports and each node's server.properties.
// Every node is a combined KRaft broker+controller, and every node is a voter, so a
// 3-node cluster has a real 3-voter controller quorum that survives one node down.
import { join } from 'node:path';

export interface ClusterLayout {
  name: string;
  brokers: number;
  /** Client port of node 1; node n listens on basePort + n - 1. */
  basePort: number;
  /** Controller port of node 1 (node n: + n - 1); absent: basePort + 100. */
  controllerBasePort?: number;
  clusterId: string;
  /** Absent: a plaintext cluster, open to anyone who reaches it. */
  security?: SecurityLayout;
}

/** A SASL_SSL cluster, and the names its least-privilege ACLs are written for (see acls.ts). */
export interface SecurityLayout {
  protocol: 'SASL_SSL';
  ordersTopic: string;
  listenerGroup: string;
}

/** What a secured node's server.properties needs besides its layout: files and secrets. */
export interface NodeSecurity {
  /** PEM file with the node's private key and certificate chain. */
  keystore: string;
  /** PEM file with the CA certificate. */
  truststore: string;
  /** SCRAM password of User:broker, which the nodes use between themselves. */
  nodePassword: string;
  /** Every client principal's password, for SASL/PLAIN (see serverProperties). */
  plainUsers: Readonly<Record<string, string>>;
  superUsers: readonly string[];
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
export const CONTROLLER_PORT_OFFSET = 100;

export function nodesOf(layout: ClusterLayout, clusterDir: string): NodeLayout[] {
  return Array.from({ length: layout.brokers }, (_, index) => {
    const id = index + 1;
    const dir = join(clusterDir, `node-${id}`);
    return {
      id,
      host: HOST,
      port: layout.basePort + index,
      controllerPort: (layout.controllerBasePort ?? layout.basePort + CONTROLLER_PORT_OFFSET) + index,
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

export function serverProperties(node: NodeLayout, nodes: NodeLayout[], security?: NodeSecurity): string {
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
    ...(security && securedSettings(node, security)),
  };
  return `${Object.entries(settings)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')}\n`;
}

/**
 * A secured node: clients reach it only through SASL_SSL (TLS, then SCRAM-SHA-512 or PLAIN);
 * the nodes replicate over that same listener as User:broker (SCRAM), and reach the controller
 * quorum on its own port over mutual TLS (the node certificate, CN=broker, is the principal;
 * SCRAM credentials live in the metadata log that listener carries, so the controllers cannot
 * rely on them there). No listener accepts an unauthenticated connection, so no
 * User:ANONYMOUS needs to be a super user. Every request is checked by the StandardAuthorizer
 * against the ACLs, and without an ACL only the super users may do anything.
 */
function securedSettings(node: NodeLayout, security: NodeSecurity): Record<string, string> {
  const jaas = (module: string, options: Record<string, string>) =>
    `org.apache.kafka.common.security.${module} required ${Object.entries(options)
      .map(([key, value]) => `${key}="${value}"`)
      .join(' ')};`;
  return {
    listeners: `SASL_SSL://${node.host}:${node.port},CONTROLLER://${node.host}:${node.controllerPort}`,
    'advertised.listeners': `SASL_SSL://${node.host}:${node.port}`,
    'inter.broker.listener.name': 'SASL_SSL',
    'listener.security.protocol.map': 'SASL_SSL:SASL_SSL,CONTROLLER:SSL',
    // PLAIN (over the same TLS) too, for librdkafka before 2.6.1 (Debian 12's kcat and
    // confluent-kafka): it repeats the client nonce in its SCRAM final message, which Kafka 4
    // refuses as "invalid credentials". Same users, same passwords, same ACLs.
    'sasl.enabled.mechanisms': 'SCRAM-SHA-512,PLAIN',
    'sasl.mechanism.inter.broker.protocol': 'SCRAM-SHA-512',
    'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config': jaas('scram.ScramLoginModule', {
      username: 'broker',
      password: security.nodePassword,
    }),
    'listener.name.sasl_ssl.plain.sasl.jaas.config': jaas(
      'plain.PlainLoginModule',
      Object.fromEntries(Object.entries(security.plainUsers).map(([user, password]) => [`user_${user}`, password])),
    ),
    'listener.name.controller.ssl.client.auth': 'required',
    'ssl.keystore.type': 'PEM',
    'ssl.keystore.location': security.keystore,
    'ssl.truststore.type': 'PEM',
    'ssl.truststore.location': security.truststore,
    // A certificate's principal is its CN alone: CN=broker is User:broker.
    'ssl.principal.mapping.rules': 'RULE:^CN=([a-zA-Z0-9._-]+)$/$1/,DEFAULT',
    'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'super.users': security.superUsers.map((user) => `User:${user}`).join(';'),
    'allow.everyone.if.no.acl.found': 'false',
  };
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

/**
 * Heap and GC for a small machine; KAFKA_HEAP_OPTS / KAFKA_JVM_OPTS override, as in Kafka's
 * scripts. G1 with Kafka's own pause goal (kafka-run-class.sh): Serial GC's young collections
 * of a 120 MB eden stopped the broker for about 50 ms each, up to 200 ms, which is what the
 * end-to-end tail showed. A fixed heap touched at start leaves no page faults for later.
 * The GC log (`gc.log` beside the broker's log) is the evidence when a pause is suspected.
 */
export function jvmOptions(env: NodeJS.ProcessEnv, gcLogFile?: string): string[] {
  const heap = env['KAFKA_HEAP_OPTS'] ?? '-Xms512m -Xmx512m -XX:+AlwaysPreTouch';
  const jvm =
    env['KAFKA_JVM_OPTS'] ??
    '-XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true';
  const gcLog = gcLogFile ? [`-Xlog:gc:file=${gcLogFile}:time,uptime:filecount=2,filesize=10m`] : [];
  return [...heap.split(/\s+/), ...jvm.split(/\s+/), ...gcLog].filter(Boolean);
}
