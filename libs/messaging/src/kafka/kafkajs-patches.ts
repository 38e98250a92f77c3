// Fixes to kafkajs 2.2.4 (unmaintained since 2023, so no release will carry them), applied
// once when this library creates its first client. Each one pins a behaviour a test checks.
//
// Bytes that are no Kafka frame (a negative or too small size prefix, from something that is
// not a broker listening on a listed address) made Connection.processData throw inside the
// socket's 'data' listener: an uncaught exception that ended the whole process; and a size no
// response of ours comes near (an HTTP server answers "HTTP", read as 1.2 GB) was buffered
// until the request timed out. Now both fail that connection's requests with a connection
// error, which kafkajs retries on another broker.
//
// The request queue re-armed a timer with a negative delay whenever it had nothing pending
// (tulios/kafkajs#1704, #1751): a 1 ms polling loop on every connection, costing an idle app
// a few percent of a core, and on Node 24 a TimeoutNegativeWarning on every start. Now it
// schedules a check only while requests wait, as the fix proposed in tulios/kafkajs#1768 does.
import { createRequire } from 'node:module';

interface KafkaJsConnection {
  host: string;
  port: number;
  chunks: Buffer[];
  bytesBuffered: number;
  bytesNeeded: number;
  logError(message: string, extra?: object): void;
  rejectRequests(error: Error): void;
  disconnect(): Promise<boolean>;
  processData(this: KafkaJsConnection, data: Buffer): void;
}

interface KafkaJsRequestQueue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(this: KafkaJsRequestQueue): void;
}

/** Far above any response our clients ask for: fetches are capped by maxBytes (10 MB by default). */
const MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

/** kafkajs's own CHECK_PENDING_REQUESTS_INTERVAL (not exported). */
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

const require = createRequire(import.meta.url);
const PATCHED_VERSION = '2.2.4';

let applied = false;

export function applyKafkaJsPatches(): void {
  if (applied) return;
  const { version } = require('kafkajs/package.json') as { version: string };
  if (version !== PATCHED_VERSION) {
    throw new Error(
      `@tacocloud/messaging patches kafkajs ${PATCHED_VERSION}, found ${version}: check the patches in kafka/kafkajs-patches.ts`,
    );
  }
  const Connection = require('kafkajs/src/network/connection.js') as { prototype: KafkaJsConnection };
  const { KafkaJSConnectionError } = require('kafkajs/src/errors.js') as {
    KafkaJSConnectionError: new (message: string, extra: object) => Error;
  };
  const processData = Connection.prototype.processData;
  Connection.prototype.processData = function guardedProcessData(data) {
    try {
      processData.call(this, data);
      if (this.bytesNeeded > MAX_RESPONSE_BYTES) throw new Error(`a frame of ${this.bytesNeeded - 4} bytes announced`);
    } catch (cause) {
      const error = new KafkaJSConnectionError(`Not a Kafka response: ${(cause as Error).message}`, {
        broker: `${this.host}:${this.port}`,
      });
      this.chunks = [];
      this.bytesBuffered = 0;
      this.bytesNeeded = 4;
      this.logError(error.message);
      this.rejectRequests(error);
      void this.disconnect().catch(() => undefined);
    }
  };
  const RequestQueue = require('kafkajs/src/network/requestQueue/index.js') as { prototype: KafkaJsRequestQueue };
  RequestQueue.prototype.scheduleCheckPendingRequests = function scheduleWhilePending() {
    if (this.pending.length === 0 || this.throttleCheckTimeoutId) return;
    const throttledForMs = this.throttledUntil - Date.now();
    this.throttleCheckTimeoutId = setTimeout(
      () => {
        this.throttleCheckTimeoutId = null;
        this.checkPendingRequests();
      },
      throttledForMs > 0 ? throttledForMs : CHECK_PENDING_REQUESTS_INTERVAL_MS,
    );
  };
  applied = true;
}
