// One connection's Kafka request/response exchanges, one at a time, with header v1 requests:
// frames the requests, reassembles the answers, and fails (never throws) on anything else.
import type { Socket } from 'node:net';
import { Reader, Writer } from './wire-codec.js';

export interface WireRequest {
  apiKey: number;
  apiVersion: number;
  body: Buffer;
}

/**
 * The answers we ask for (registered brokers, a few topics' creation results, SASL challenges)
 * take a few KB; a peer announcing more is not a Kafka broker answering us, and is not buffered.
 */
const MAX_RESPONSE_BYTES = 1024 * 1024;

/** One connection's request/response exchanges, one at a time, with header v1 requests. */
export class WireLink {
  private received = Buffer.alloc(0);
  private waiting?: { correlationId: number; resolve: (reader: Reader) => void; reject: (error: Error) => void };
  private failure?: Error;
  private lastCorrelationId = 0;

  constructor(
    private readonly socket: Socket,
    private readonly clientId: string,
  ) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.once('close', () => this.fail(new Error('connection closed before a whole answer')));
  }

  /** Sends a request and resolves with its response body after the correlation id. */
  request({ apiKey, apiVersion, body }: WireRequest): Promise<Reader> {
    if (this.failure) return Promise.reject(this.failure);
    const correlationId = ++this.lastCorrelationId;
    const header = new Writer().int16(apiKey).int16(apiVersion).int32(correlationId).string(this.clientId).toBuffer();
    return new Promise((resolve, reject) => {
      this.waiting = { correlationId, resolve, reject };
      this.socket.write(Buffer.concat([new Writer().int32(header.length + body.length).toBuffer(), header, body]));
    });
  }

  /** Ends the connection; a request still waiting rejects with `error`. Never throws. */
  fail(error: Error): void {
    this.failure ??= error;
    const waiting = this.waiting;
    this.waiting = undefined;
    this.socket.destroy();
    waiting?.reject(error);
  }

  // Runs inside the socket's 'data' listener: it must never throw, only fail the link.
  private receive(chunk: Buffer): void {
    this.received = Buffer.concat([this.received, chunk]);
    if (this.received.length < 4) return;
    const size = this.received.readInt32BE(0);
    // The smallest answer is its correlation id alone.
    if (size < 4 || size > MAX_RESPONSE_BYTES) return this.fail(new Error(`not a Kafka response (frame of ${size} bytes)`));
    if (this.received.length < 4 + size) return;
    const reader = new Reader(this.received.subarray(4, 4 + size));
    this.received = this.received.subarray(4 + size);
    const waiting = this.waiting;
    if (!waiting || reader.int32() !== waiting.correlationId) return this.fail(new Error('a response to another request'));
    this.waiting = undefined;
    waiting.resolve(reader);
  }
}
