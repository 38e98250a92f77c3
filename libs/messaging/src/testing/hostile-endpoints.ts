// TCP endpoints that behave like no broker should, for tests of what our clients do when an
// address in KAFKA_BROKERS is not (or no longer) a healthy Kafka broker.
import { createServer, type Server, type Socket } from 'node:net';

export type HostileBehaviour =
  /** Accepts, then closes at once. */
  | 'close'
  /** Accepts and reads, never answers. */
  | 'stall'
  /** Answers every request with a frame whose size prefix is negative. */
  | 'negative-frame'
  /** Answers every request with a well-formed frame for a request nobody sent. */
  | 'foreign-frame'
  /** Answers like an HTTP server, whose "HTTP" reads as a 1.2 GB frame size. */
  | 'http'
  /** Announces a 100-byte answer, then sends it one byte at a time, slower than any deadline. */
  | 'trickle';

export interface HostileEndpoint {
  address: string;
  close(): Promise<void>;
}

export async function startHostileEndpoint(behaviour: HostileBehaviour): Promise<HostileEndpoint> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const trickling = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if (behaviour === 'close') return void socket.destroy();
    socket.on('data', () => {
      if (behaviour === 'negative-frame') socket.write(Buffer.from([0xff, 0xff, 0xff, 0xf0, 1, 2, 3, 4, 5, 6, 7, 8]));
      if (behaviour === 'http') socket.write('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n');
      if (behaviour === 'foreign-frame') socket.write(Buffer.from([0, 0, 0, 8, 0x7f, 0x7f, 0x7f, 0x7f, 9, 9, 9, 9]));
      if (behaviour === 'trickle' && !trickling.has(socket)) {
        trickling.add(socket);
        socket.write(Buffer.from([0, 0, 0, 100]));
        const timer = setInterval(() => socket.write(Buffer.from([0])), 100);
        timers.add(timer);
        socket.on('close', () => clearInterval(timer));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    address: `127.0.0.1:${port}`,
    async close() {
      for (const timer of timers) clearInterval(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
