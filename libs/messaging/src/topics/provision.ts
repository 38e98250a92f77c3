// Creates declared topics that are missing and refuses to run against one that disagrees
// with its declaration. Broker auto-creation is never relied on.
import kafkajs, { type Admin, type Kafka } from 'kafkajs';
import { KafkaUnavailableError, TopicMismatchError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { TopicLayout } from './declaration.js';

// kafkajs is CommonJS; Node's ESM loader cannot see this export by name.
const { ConfigResourceTypes } = kafkajs;

export async function ensureTopics(kafka: Kafka, topics: readonly TopicLayout[], logger: Logger): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const brokers = (await admin.describeCluster()).brokers.length;
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic.name));
    for (const topic of missing) assertReplicable(topic, brokers);
    if (missing.length > 0) {
      const created = await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic: topic.name,
          numPartitions: topic.partitions,
          replicationFactor: topic.replicationFactor,
          configEntries: Object.entries(topic.configs).map(([name, value]) => ({ name, value })),
        })),
      });
      // false: another process created them first (both apps provision at start).
      for (const topic of missing) {
        const fields = { topic: topic.name, partitions: topic.partitions, replicationFactor: topic.replicationFactor };
        logger.info(fields, created ? 'Created topic' : 'Topic was created meanwhile by another process');
      }
    }
    for (const topic of topics) await assertMatches(admin, topic);
  } catch (error) {
    if (error instanceof TopicMismatchError) throw error;
    throw new KafkaUnavailableError(`Could not provision topics: ${(error as Error).message}`, { cause: error });
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

function assertReplicable(topic: TopicLayout, brokers: number): void {
  if (topic.replicationFactor > brokers) {
    throw new TopicMismatchError(
      `Topic '${topic.name}' needs replication factor ${topic.replicationFactor} but the cluster has ${brokers} broker(s); ` +
        'lower the replication factor (e.g. ORDERS_TOPIC_REPLICATION_FACTOR) or add brokers.',
    );
  }
}

async function assertMatches(admin: Admin, topic: TopicLayout): Promise<void> {
  const metadata = await admin.fetchTopicMetadata({ topics: [topic.name] });
  const partitions = metadata.topics[0]?.partitions ?? [];
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
