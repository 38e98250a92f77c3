// A TCP proxy in front of one real broker that can lose the answer to a produce request after the
// broker has stored it, then refuse every connection for a while: what a client sees when a
// broker goes away between appending a batch and answering it. kafkajs connects through it for
// every broker the cluster names (socketFactory), so the test needs no broker of its own.
import { connect, createServer, Socket } from 'node:net';
import type { ISocketFactory } from 'kafkajs';

export interface KafkaProxy {
  /** Connects kafkajs to the proxy whatever broker address it was given or told. */
  socketFactory: ISocketFactory;
  /**
   * The next produce request reaches the broker, its answer does not: every connection is then
   * closed, and new ones refused for `outageMs`. Resolves once the outage is over.
   */
  loseNextProduceAnswer(outageMs: number): Promise<void>;
  close(): Promise<void>;
}

const PRODUCE_API_KEY = 0;

export async function startKafkaProxy(broker: string): Promise<KafkaProxy> {
  const [host, port] = [broker.slice(0, broker.lastIndexOf(':')), Number(broker.slice(broker.lastIndexOf(':') + 1))];
  const sockets = new Set<Socket>();
  let refusing = false;
  let armed: { outageMs: number; over: () => void } | undefined;

  const outage = (outageMs: number, over: () => void) => {
    refusing = true;
    for (const socket of sockets) socket.destroy();
    setTimeout(() => {
      refusing = false;
      over();
    }, outageMs);
  };

  const server = createServer((client) => {
    if (refusing) return void client.destroy();
    const upstream = connect({ host, port });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    // The produce request whose answer is to be lost, by its correlation id.
    let losing: { correlationId: number; outageMs: number; over: () => void } | undefined;
    const requests = frames((frame) => {
      if (armed && frame.readInt16BE(0) === PRODUCE_API_KEY) {
        losing = { correlationId: frame.readInt32BE(4), ...armed };
        armed = undefined;
      }
    });
    client.on('data', (chunk: Buffer) => {
      requests(chunk);
      upstream.write(chunk);
    });
    const answers = frames((frame, bytes) => {
      if (losing?.correlationId !== frame.readInt32BE(0)) return void client.write(bytes);
      outage(losing.outageMs, losing.over);
      losing = undefined;
    });
    upstream.on('data', answers);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxyPort = (server.address() as { port: number }).port;

  return {
    socketFactory: ({ onConnect }) => {
      if (refusing) return refused();
      const socket = connect({ host: '127.0.0.1', port: proxyPort }, onConnect);
      socket.setKeepAlive(true, 60_000);
      return socket;
    },
    loseNextProduceAnswer: (outageMs) => new Promise((over) => (armed = { outageMs, over })),
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Splits a byte stream into Kafka frames (an int32 size, then that many bytes), each whole. */
function frames(onFrame: (frame: Buffer, bytes: Buffer) => void): (chunk: Buffer) => void {
  let buffered = Buffer.alloc(0);
  return (chunk) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= 4 && buffered.length >= 4 + buffered.readInt32BE(0)) {
      const end = 4 + buffered.readInt32BE(0);
      onFrame(buffered.subarray(4, end), buffered.subarray(0, end));
      buffered = buffered.subarray(end);
    }
  };
}

/** A connection refused as by a host where nothing listens (a broker that is down). */
function refused(): Socket {
  const socket = new Socket();
  process.nextTick(() => socket.destroy(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })));
  return socket;
}
