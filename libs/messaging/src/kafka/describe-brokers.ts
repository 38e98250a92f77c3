// Which brokers are registered, asked with a Metadata request for no topics at all. kafkajs
// cannot send that: its describeCluster() and listTopics() ask for every topic of the
// cluster and throw when any partition of any topic (someone else's, with replication
// factor 1 on a dead broker) has no leader, which would stop our start-up and readiness.
import { exchangeWithAny, Writer, type Reader, type WireTarget } from './wire.js';

export interface RegisteredBroker {
  nodeId: number;
  host: string;
  port: number;
}

export interface BrokerView {
  brokers: RegisteredBroker[];
  controllerId: number;
}

const METADATA_API_KEY = 3;
/** Metadata v4: the oldest version Kafka 4 still serves (KIP-896) that can ask for no topics. */
const METADATA_VERSION = 4;

export async function describeBrokers(target: WireTarget, timeoutMs: number): Promise<BrokerView> {
  // An empty topic array asks for none (null would mean all); no auto-creation.
  const body = new Writer().int32(0).int8(0).toBuffer();
  return exchangeWithAny(target, { apiKey: METADATA_API_KEY, apiVersion: METADATA_VERSION, body }, timeoutMs, readBrokers);
}

function readBrokers(reader: Reader): BrokerView {
  reader.int32(); // throttle_time_ms
  const brokers = reader.array(() => {
    const nodeId = reader.int32();
    const host = reader.string() ?? '';
    const port = reader.int32();
    reader.string(); // rack
    return { nodeId, host, port };
  });
  reader.string(); // cluster_id
  return { brokers, controllerId: reader.int32() };
}
