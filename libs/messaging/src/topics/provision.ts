// Creates declared topics that are missing and refuses to run against one that disagrees
// with its declaration. Broker auto-creation is never relied on.
import kafkajs, { type Admin, type Kafka, type PartitionMetadata } from 'kafkajs';
import { KafkaAccessDeniedError, KafkaUnavailableError, TopicMismatchError } from '../errors.js';
import { accessDeniedFrom } from '../kafka/access-denied.js';
import { connectionOf } from '../kafka/client.js';
import { createTopicsRequest, TOPIC_ALREADY_EXISTS } from '../kafka/create-topics.js';
import { describeBrokers } from '../kafka/describe-brokers.js';
import { assertBrokersAnswer } from '../kafka/preflight.js';
import type { Logger } from '../logger.js';
import type { TopicLayout } from './declaration.js';

// kafkajs is CommonJS; Node's ESM loader cannot see this export by name.
const { ConfigResourceTypes } = kafkajs;

export interface EnsureTopicsOptions {
  /**
   * How long a cluster with too few brokers for a replication factor is given to grow before
   * it is refused: a broker restarting (a rolling restart) is missing for seconds.
   */
  brokerWaitMs?: number;
}

const DEFAULT_BROKER_WAIT_MS = 30_000;
const CREATE_TIMEOUT_MS = 30_000;
const BROKER_CHECK_EVERY_MS = 2_000;

export async function ensureTopics(
  kafka: Kafka,
  topics: readonly TopicLayout[],
  logger: Logger,
  options: EnsureTopicsOptions = {},
): Promise<void> {
  const admin = kafka.admin();
  try {
    await assertBrokersAnswer(kafka);
    await admin.connect();
    // Per topic, not listTopics(): kafkajs lists by fetching every topic's metadata and fails
    // when any partition of any topic in the cluster has no leader.
    const absent = [];
    for (const topic of topics) if (!(await partitionsOf(admin, topic.name))) absent.push(topic);
    const brokers = absent.length > 0 ? await brokersFor(kafka, absent, logger, options.brokerWaitMs ?? DEFAULT_BROKER_WAIT_MS) : 0;
    const missing = absent.map((topic) => fitToCluster(topic, brokers, logger));
    for (const topic of missing) assertReplicable(topic, brokers);
    if (missing.length > 0) {
      const results = await createTopicsRequest(connectionOf(kafka), missing, CREATE_TIMEOUT_MS);
      for (const topic of missing) {
        const error = results.find((result) => result.name === topic.name)?.error ?? null;
        if (error && error.code !== TOPIC_ALREADY_EXISTS) throw creationError(topic, error, connectionOf(kafka).security.sasl?.username);
        await waitForLeaders(admin, topic.name);
        const fields = { topic: topic.name, partitions: topic.partitions, replicationFactor: topic.replicationFactor };
        // Both apps provision at start: the other may have been first.
        logger.info(fields, error ? 'Topic was created meanwhile by another process' : 'Created topic');
      }
    }
    for (const topic of topics) await assertMatches(admin, topic);
  } catch (error) {
    if (error instanceof TopicMismatchError) throw error;
    const denied = accessDeniedFrom(error);
    if (denied) throw denied;
    throw new KafkaUnavailableError(`Could not provision topics: ${(error as Error).message}`, { cause: error });
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Kafka's answers that no retry can change: the declaration (or the cluster's policy) must. */
const PERMANENT_CREATION_ERRORS = new Set([17, 37, 38, 40, 44]); // invalid topic, partitions, replication factor, config; policy violation

/**
 * NOT_CONTROLLER after forwarding (KIP-590) means no controller leads the KRaft quorum: a
 * state a person should hear about in words, since start-up keeps waiting until it ends.
 */
const NOT_CONTROLLER = 41;

/** TOPIC_AUTHORIZATION_FAILED, CLUSTER_AUTHORIZATION_FAILED: the principal lacks CREATE. */
const NOT_ALLOWED_TO_CREATE = new Set([29, 31]);

function creationError(topic: TopicLayout, { code, message }: { code: number; message: string }, principal = 'ANONYMOUS'): Error {
  if (NOT_ALLOWED_TO_CREATE.has(code)) {
    return new KafkaAccessDeniedError(
      `Topic '${topic.name}' does not exist and principal User:${principal} may not create it (${message}): ` +
        `have it created with ${topic.partitions} partitions and replication factor ${topic.replicationFactor}, or grant CREATE`,
    );
  }
  const why = code === NOT_CONTROLLER ? `${message} (no active controller: has the KRaft controller quorum lost its majority?)` : message;
  const text = `Kafka refused to create topic '${topic.name}': ${why}`;
  return PERMANENT_CREATION_ERRORS.has(code) ? new TopicMismatchError(text) : new KafkaUnavailableError(text);
}

/** A new topic is usable once every partition has a leader; its metadata takes a moment to spread. */
async function waitForLeaders(admin: Admin, topic: string): Promise<void> {
  const deadline = Date.now() + CREATE_TIMEOUT_MS;
  for (;;) {
    if ((await partitionsOf(admin, topic))?.every((p) => p.leader >= 0)) return;
    if (Date.now() > deadline)
      throw new KafkaUnavailableError(`Topic '${topic}' has partitions without a leader ${CREATE_TIMEOUT_MS / 1000} s after its creation`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A topic's partitions, or undefined when it does not exist (yet). */
async function partitionsOf(admin: Admin, topic: string): Promise<PartitionMetadata[] | undefined> {
  try {
    return (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]?.partitions ?? [];
  } catch (error) {
    const { type } = error as { type?: string };
    if (type === 'UNKNOWN_TOPIC_OR_PARTITION') return undefined;
    // Kafka answers so whether or not the topic exists, so as not to tell who may not know.
    if (type === 'TOPIC_AUTHORIZATION_FAILED') {
      throw new KafkaAccessDeniedError(
        `The principal may not describe topic '${topic}': grant it DESCRIBE and DESCRIBE_CONFIGS on the topic`,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
}

/** The registered brokers, waiting up to `waitMs` for enough of them for every topic that must be exact. */
async function brokersFor(kafka: Kafka, topics: readonly TopicLayout[], logger: Logger, waitMs: number): Promise<number> {
  const needed = Math.max(0, ...topics.filter((t) => !t.fitReplicationToCluster).map((t) => t.replicationFactor));
  const deadline = Date.now() + waitMs;
  for (;;) {
    const registered = (await describeBrokers(connectionOf(kafka), 5_000)).brokers.length;
    if (registered >= needed || Date.now() >= deadline) return registered;
    logger.warn(
      { registered, needed, waitingMs: deadline - Date.now() },
      'Fewer brokers registered than the replication factor needs; waiting for more',
    );
    await new Promise((resolve) => setTimeout(resolve, BROKER_CHECK_EVERY_MS));
  }
}

/** The layout a cluster of `brokers` can give: the declared one unless the topic may fit. */
function fitToCluster(topic: TopicLayout, brokers: number, logger?: Logger): TopicLayout {
  if (!topic.fitReplicationToCluster || topic.replicationFactor <= brokers) return topic;
  const replicationFactor = Math.max(1, brokers);
  const configs = { ...topic.configs };
  const minInsync = Number(configs['min.insync.replicas'] ?? 1);
  // With fewer replicas, acks=all must still be satisfiable with one of them down (or alone).
  if (minInsync > 1) configs['min.insync.replicas'] = String(Math.max(1, Math.min(minInsync, replicationFactor - 1)));
  // What the dev profile is for (one local broker), so not a warning; prod never fits.
  logger?.info(
    { topic: topic.name, declared: topic.replicationFactor, replicationFactor, brokers },
    'Replication factor lowered to the broker count (dev profile); prod refuses a cluster this small',
  );
  return { ...topic, replicationFactor, configs };
}

function assertReplicable(topic: TopicLayout, brokers: number): void {
  if (topic.replicationFactor > brokers) {
    throw new TopicMismatchError(
      `Topic '${topic.name}' needs replication factor ${topic.replicationFactor} but the cluster has ${brokers} broker(s) registered; ` +
        'lower the replication factor (e.g. ORDERS_TOPIC_REPLICATION_FACTOR) or add brokers.',
    );
  }
}

async function assertMatches(admin: Admin, declared: TopicLayout): Promise<void> {
  const metadata = await admin.fetchTopicMetadata({ topics: [declared.name] });
  const partitions = metadata.topics[0]?.partitions ?? [];
  // A dev topic may have been created on a smaller cluster: judged by what it was fitted to.
  const topic = fitToCluster(declared, Math.min(...partitions.map((p) => p.replicas.length)));
  const problems: string[] = [];
  if (partitions.length !== topic.partitions) {
    problems.push(`${partitions.length} partitions, declared ${topic.partitions}`);
  }
  const replicas = Math.min(...partitions.map((p) => p.replicas.length));
  if (partitions.length > 0 && replicas !== topic.replicationFactor) {
    problems.push(`replication factor ${replicas}, declared ${topic.replicationFactor}`);
  }
  const declaredConfigs = Object.entries(topic.configs);
  if (declaredConfigs.length > 0) {
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic.name, configNames: declaredConfigs.map(([name]) => name) }],
    });
    const actual = new Map(described.resources[0]?.configEntries.map((entry) => [entry.configName, entry.configValue]));
    for (const [name, value] of declaredConfigs) {
      if (actual.get(name) !== value) problems.push(`${name}=${actual.get(name) ?? '(unset)'}, declared ${value}`);
    }
  }
  if (problems.length > 0) {
    throw new TopicMismatchError(
      `Topic '${topic.name}' exists but disagrees with its declaration: ${problems.join('; ')}. ` +
        'Change the declaration (environment) to match, or migrate the topic; it is never altered automatically.',
    );
  }
}
