// The few Kafka requests this library sends itself, because kafkajs cannot send them without
// fetching every topic's metadata (and failing when any partition in the cluster has no
// leader): request framing, one request/response exchange, and readers and writers for the
// protocol's primitive types. Plain TCP, like the kafkajs client of createKafkaClient.
import { connect } from 'node:net';

const CORRELATION_ID = 1;

export class Writer {
  private readonly parts: Buffer[] = [];

  int8(value: number): this {
    return this.push(1, (b) => b.writeInt8(value));
  }

  int16(value: number): this {
    return this.push(2, (b) => b.writeInt16BE(value));
  }

  int32(value: number): this {
    return this.push(4, (b) => b.writeInt32BE(value));
  }

  string(value: string | null): this {
    if (value === null) return this.int16(-1);
    const bytes = Buffer.from(value, 'utf8');
    this.int16(bytes.length);
    this.parts.push(bytes);
    return this;
  }

  array<T>(items: readonly T[], write: (item: T) => void): this {
    this.int32(items.length);
    for (const item of items) write(item);
    return this;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.parts);
  }

  private push(size: number, write: (buffer: Buffer) => void): this {
    const buffer = Buffer.alloc(size);
    write(buffer);
    this.parts.push(buffer);
    return this;
  }
}

export class Reader {
  private at = 0;

  constructor(private readonly buffer: Buffer) {}

  int16(): number {
    const value = this.buffer.readInt16BE(this.at);
    this.at += 2;
    return value;
  }

  int32(): number {
    const value = this.buffer.readInt32BE(this.at);
    this.at += 4;
    return value;
  }

  string(): string | null {
    const length = this.int16();
    if (length < 0) return null;
    const value = this.buffer.toString('utf8', this.at, this.at + length);
    this.at += length;
    return value;
  }

  array<T>(read: () => T): T[] {
    const items: T[] = [];
    for (let count = this.int32(); count > 0; count--) items.push(read());
    return items;
  }
}

export interface WireRequest {
  apiKey: number;
  apiVersion: number;
  clientId: string;
  body: Buffer;
}

/** A request with header v1 (api key, version, correlation id, client id), size-prefixed. */
function frame({ apiKey, apiVersion, clientId, body }: WireRequest): Buffer {
  const message = Buffer.concat([new Writer().int16(apiKey).int16(apiVersion).int32(CORRELATION_ID).string(clientId).toBuffer(), body]);
  return Buffer.concat([new Writer().int32(message.length).toBuffer(), message]);
}

/**
 * The answers we ask for (registered brokers, a few topics' creation results) take a few KB;
 * a peer announcing more is not a Kafka broker answering us, and is not buffered.
 */
const MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * Sends one request to `address` (host:port) and returns the response body after its header.
 * Always settles within `timeoutMs`, whatever the peer does: a connection closed before the
 * whole answer, a stall, or bytes that are no Kafka frame reject the request (never throw
 * out of a socket listener).
 */
export function exchange(address: string, request: WireRequest, timeoutMs: number): Promise<Reader> {
  const separator = address.lastIndexOf(':');
  const host = address.slice(0, separator).replace(/^\[|\]$/g, '');
  const port = Number(address.slice(separator + 1));
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let received = Buffer.alloc(0);
    // A deadline of our own: the socket's idle timer is cleared when the socket is destroyed
    // and restarts with every byte, so a peer that trickles bytes would never time out.
    const deadline = setTimeout(() => settle(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    const settle = (outcome: Error | Reader) => {
      clearTimeout(deadline);
      socket.destroy();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    socket.on('error', (error) => settle(error));
    socket.once('close', () => settle(new Error('connection closed before a whole answer')));
    socket.once('connect', () => socket.write(frame(request)));
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 4) return;
      const size = received.readInt32BE(0);
      // The smallest answer is its correlation id alone.
      if (size < 4 || size > MAX_RESPONSE_BYTES) return settle(new Error(`not a Kafka response (frame of ${size} bytes)`));
      if (received.length < 4 + size) return;
      const reader = new Reader(received.subarray(4, 4 + size));
      settle(reader.int32() === CORRELATION_ID ? reader : new Error('a response to another request'));
    });
  });
}

/** Tries each bootstrap address in turn until one answers. */
export async function exchangeWithAny<T>(
  bootstrap: readonly string[],
  request: WireRequest,
  timeoutMs: number,
  read: (reader: Reader) => T,
): Promise<T> {
  const errors: string[] = [];
  for (const address of bootstrap) {
    try {
      return read(await exchange(address, request, timeoutMs));
    } catch (error) {
      errors.push(`${address}: ${(error as Error).message}`);
    }
  }
  throw new Error(`no broker answered (${errors.join('; ')})`);
}
