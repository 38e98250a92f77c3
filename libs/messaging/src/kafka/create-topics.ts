// Creates topics with a CreateTopics request of our own: kafkajs's admin.createTopics() first
// refreshes metadata for every topic of the cluster, and fails while any partition of any
// topic has no leader. Any broker forwards the request to the controller (KIP-590).
import { exchangeWithAny, Writer, type WireTarget } from './wire.js';

export interface NewTopic {
  name: string;
  partitions: number;
  replicationFactor: number;
  configs: Readonly<Record<string, string>>;
}

export interface TopicCreation {
  name: string;
  /** null when created; otherwise Kafka's error code and message. */
  error: { code: number; message: string } | null;
}

export const TOPIC_ALREADY_EXISTS = 36;

const CREATE_TOPICS_API_KEY = 19;
/** v4: non-flexible, within what Kafka 4 serves (KIP-896 dropped v0-v1). */
const CREATE_TOPICS_VERSION = 4;

export async function createTopicsRequest(target: WireTarget, topics: readonly NewTopic[], timeoutMs: number): Promise<TopicCreation[]> {
  const request = new Writer();
  request.array(topics, (topic) => {
    request.string(topic.name).int32(topic.partitions).int16(topic.replicationFactor);
    request.array([], () => undefined); // assignments: let Kafka place replicas
    request.array(Object.entries(topic.configs), ([name, value]) => request.string(name).string(value));
  });
  request.int32(timeoutMs).int8(0); // timeout_ms, validate_only
  return exchangeWithAny(
    target,
    { apiKey: CREATE_TOPICS_API_KEY, apiVersion: CREATE_TOPICS_VERSION, body: request.toBuffer() },
    timeoutMs + 5_000,
    (reader) => {
      reader.int32(); // throttle_time_ms
      return reader.array(() => {
        const name = reader.string() ?? '';
        const code = reader.int16();
        const message = reader.string();
        return { name, error: code === 0 ? null : { code, message: message ?? `error code ${code}` } };
      });
    },
  );
}
