// Which brokers are registered, asked with a Metadata request for no topics at all. kafkajs
// cannot send that: its describeCluster() and listTopics() ask for every topic of the
// cluster and throw when any partition of any topic (someone else's, with replication
// factor 1 on a dead broker) has no leader, which would stop our start-up and readiness.
import { connect, type Socket } from 'node:net';

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

/** Asks each bootstrap address in turn; the first that answers in time tells. */
export async function describeBrokers(bootstrap: readonly string[], clientId: string, timeoutMs: number): Promise<BrokerView> {
  const errors: string[] = [];
  for (const address of bootstrap) {
    try {
      return await askMetadata(address, clientId, timeoutMs);
    } catch (error) {
      errors.push(`${address}: ${(error as Error).message}`);
    }
  }
  throw new Error(`no broker answered (${errors.join('; ')})`);
}

function askMetadata(address: string, clientId: string, timeoutMs: number): Promise<BrokerView> {
  const separator = address.lastIndexOf(':');
  const host = address.slice(0, separator).replace(/^\[|\]$/g, '');
  const port = Number(address.slice(separator + 1));
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host, port });
    let received = Buffer.alloc(0);
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () => fail(new Error(`no answer within ${timeoutMs} ms`)));
    socket.once('error', fail);
    socket.once('connect', () => socket.write(metadataRequest(clientId)));
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 4 || received.length < 4 + received.readInt32BE(0)) return;
      socket.destroy();
      try {
        resolve(parseMetadataResponse(received.subarray(4, 4 + received.readInt32BE(0))));
      } catch (error) {
        reject(error as Error);
      }
    });
  });
}

const CORRELATION_ID = 1;

export function metadataRequest(clientId: string): Buffer {
  const client = Buffer.from(clientId, 'utf8');
  const body = Buffer.alloc(2 + 2 + 4 + 2 + client.length + 4 + 1);
  let at = body.writeInt16BE(METADATA_API_KEY, 0);
  at = body.writeInt16BE(METADATA_VERSION, at);
  at = body.writeInt32BE(CORRELATION_ID, at);
  at = body.writeInt16BE(client.length, at);
  at += client.copy(body, at);
  at = body.writeInt32BE(0, at); // topics: an empty array, i.e. none (null would mean all)
  body.writeInt8(0, at); // allow_auto_topic_creation: false
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length, 0);
  return Buffer.concat([size, body]);
}

export function parseMetadataResponse(frame: Buffer): BrokerView {
  let at = 0;
  const int32 = () => {
    const value = frame.readInt32BE(at);
    at += 4;
    return value;
  };
  const nullableString = () => {
    const length = frame.readInt16BE(at);
    at += 2;
    if (length < 0) return null;
    const value = frame.toString('utf8', at, at + length);
    at += length;
    return value;
  };
  if (int32() !== CORRELATION_ID) throw new Error('metadata response for another request');
  int32(); // throttle_time_ms
  const brokers: RegisteredBroker[] = [];
  for (let count = int32(); count > 0; count--) {
    const nodeId = int32();
    const host = nullableString() ?? '';
    const port = int32();
    nullableString(); // rack
    brokers.push({ nodeId, host, port });
  }
  nullableString(); // cluster_id
  return { brokers, controllerId: int32() };
}
