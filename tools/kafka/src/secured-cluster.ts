// A secured cluster end to end: its material before the nodes are formatted, its topics and
// ACLs once they are up, and what a client needs to connect as one of its principals.
import { applyKafkaJsPatches, DEFAULT_PARTITIONS, DLT_SUFFIX } from '@tacocloud/messaging';
import { Kafka, logLevel } from 'kafkajs';
import { applyAcls } from './acls.js';
import { KafkaToolError } from './errors.js';
import type { NodeLayout, NodeSecurity } from './layout.js';
import {
  ensureSecurityMaterial,
  isPrincipal,
  kafkaJsAuth,
  NODE_USER,
  passwordFile,
  PRINCIPALS,
  readPassword,
  SASL_MECHANISM,
  SECURITY_PROTOCOL,
  securityFiles,
  SUPER_USERS,
  type Principal,
} from './security.js';
import { isFormatted, type ScramUsers } from './storage.js';
import { loadCluster, type ClusterOptions, type Context, type RunningCluster } from './store.js';

/** Makes (or finds) the CA, certificate and passwords, and returns what the nodes are formatted and configured with. */
export function prepareSecurity(ctx: Context, nodes: NodeLayout[]): NodeSecurity & ScramUsers {
  const files = ensureSecurityMaterial(ctx.dir, nodes.some(isFormatted), ctx.log);
  const plainUsers = Object.fromEntries(PRINCIPALS.map((user) => [user, readPassword(ctx.dir, user)]));
  const nodePassword = readPassword(ctx.dir, NODE_USER);
  return {
    keystore: files.nodeKeystore,
    truststore: files.ca,
    nodePassword,
    plainUsers,
    superUsers: SUPER_USERS,
    users: { ...plainUsers, [NODE_USER]: nodePassword },
  };
}

/** kafkajs options for the tool's own connections (readiness, status, lag): admin on a secured cluster. */
export function toolAuth(cluster: Pick<RunningCluster, 'dir' | 'security'>): ReturnType<typeof kafkaJsAuth> | Record<string, never> {
  return cluster.security ? kafkaJsAuth(cluster.dir, 'admin') : {};
}

/**
 * As admin: creates the orders topic and its DLT (least-privileged apps may not create
 * topics; 6 partitions, replicated on every broker, as the apps declare them), then applies
 * the ACL table.
 */
export async function provisionSecuredCluster(cluster: RunningCluster, log: (line: string) => void): Promise<void> {
  const security = cluster.security;
  if (!security) return;
  applyKafkaJsPatches();
  const kafka = new Kafka({
    clientId: 'tacocloud-kafka-tool',
    brokers: cluster.bootstrap.split(','),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 5_000,
    requestTimeout: 30_000,
    retry: { retries: 5 },
    ...toolAuth(cluster),
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const replicationFactor = cluster.nodes.length;
    // What the apps' declaration comes to on this cluster (libs/messaging messaging-config.ts).
    const configEntries =
      replicationFactor >= 3
        ? [
            { name: 'min.insync.replicas', value: '2' },
            { name: 'unclean.leader.election.enable', value: 'false' },
          ]
        : [];
    const names = [security.ordersTopic, `${security.ordersTopic}${DLT_SUFFIX}`];
    const existing = new Set(await admin.listTopics());
    const missing = names.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: DEFAULT_PARTITIONS, replicationFactor, configEntries })),
      });
      log(`Created topic(s) ${missing.join(', ')} (${DEFAULT_PARTITIONS} partitions, replication factor ${replicationFactor}).`);
    }
    const count = await applyAcls(admin, security);
    log(`Applied ${count} ACL bindings for ${PRINCIPALS.filter((p) => p !== 'admin').join(', ')} (see docs/local-kafka.md).`);
  } catch (error) {
    throw new KafkaToolError(
      `Creating the topics and ACLs of secured cluster '${cluster.name}' failed: ${(error as Error).message}`,
      'see `npm run kafka -- logs`; `npm run kafka -- start --fresh` starts anew.',
      { cause: error },
    );
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

function securedCluster(cluster: string | RunningCluster, options: ClusterOptions = {}): RunningCluster & { security: object } {
  const running = typeof cluster === 'string' ? loadCluster({ ...options, name: cluster }) : cluster;
  if (!running.security) {
    throw new KafkaToolError(
      `Cluster '${running.name}' is a plaintext cluster: it has no principals.`,
      'start one with `npm run kafka -- start --security sasl_ssl --fresh`.',
    );
  }
  return running as RunningCluster & { security: object };
}

function principalOf(name: string): Principal {
  if (!isPrincipal(name)) {
    throw new KafkaToolError(`There is no principal '${name}'.`, `use one of ${PRINCIPALS.join(', ')}.`);
  }
  return name;
}

/**
 * The environment that connects an app (or `npm run dlt`, `npm run kafka -- lag`, ...) to a
 * secured cluster as `principal`: the password by file, never by value.
 */
export function clientEnv(cluster: string | RunningCluster, principal: string, options: ClusterOptions = {}): Record<string, string> {
  const running = securedCluster(cluster, options);
  const user = principalOf(principal);
  return {
    KAFKA_BROKERS: running.bootstrap,
    KAFKA_SECURITY_PROTOCOL: SECURITY_PROTOCOL,
    KAFKA_SSL_CA_LOCATION: securityFiles(running.dir).ca,
    KAFKA_SASL_MECHANISM: SASL_MECHANISM,
    KAFKA_SASL_USERNAME: user,
    KAFKA_SASL_PASSWORD_FILE: passwordFile(running.dir, user),
  };
}

/**
 * kcat's settings for `principal`, the password read from its file by the shell. SASL/PLAIN
 * over the same TLS listener: Debian 12's librdkafka (2.0.2; SCRAM fixed in 2.6.1) fails
 * SCRAM against Kafka 4 (see layout.ts). With librdkafka 2.6.1 or newer,
 * `sasl.mechanisms=SCRAM-SHA-512` works as well.
 */
export function kcatCommand(cluster: string | RunningCluster, principal: string, options: ClusterOptions = {}): string {
  const env = clientEnv(cluster, principal, options);
  return [
    'kcat',
    `-b ${env['KAFKA_BROKERS']}`,
    `-X security.protocol=${SECURITY_PROTOCOL}`,
    '-X sasl.mechanisms=PLAIN',
    `-X sasl.username=${env['KAFKA_SASL_USERNAME']}`,
    `-X sasl.password="$(cat ${env['KAFKA_SASL_PASSWORD_FILE']})"`,
    `-X ssl.ca.location=${env['KAFKA_SSL_CA_LOCATION']}`,
  ].join(' ');
}

/** What `start` and `env` print for one principal: its variables and its kcat line; no password. */
export function describePrincipal(cluster: RunningCluster, principal: string): string[] {
  return [
    ...Object.entries(clientEnv(cluster, principal)).map(([key, value]) => `${key}=${value}`),
    `# kcat: ${kcatCommand(cluster, principal)}`,
  ];
}
