// Server-sent events for the live orders page, on the raw response: one `order` event per
// record read, a comment line as heartbeat so proxies and the browser keep the connection,
// and every stream ended on client disconnect or shutdown, so no connection is left open.
// The page is public, so what clients can hold is bounded: the number of open streams, from
// all clients and from one address (so one script cannot take every slot), and what a stream
// may buffer for a client that does not read.
import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';

const HEARTBEAT_MS = 15_000;
/** A kitchen has a few screens; each stream holds a socket and a watcher, so thousands would only be an attack. */
export const MAX_LIVE_STREAMS = 200;
/** A kitchen's screens behind one address; more from one address is one client taking the slots of others. */
export const MAX_LIVE_STREAMS_PER_CLIENT = 10;
/** About a thousand orders unread: the client is gone or stuck; it reconnects (EventSource retries) and starts afresh. */
const MAX_UNREAD_BYTES = 1024 * 1024;

export class LiveStreams {
  private readonly open = new Set<ServerResponse>();
  private readonly openByClient = new Map<string, number>();

  constructor(
    private readonly maxStreams = MAX_LIVE_STREAMS,
    private readonly maxPerClient = MAX_LIVE_STREAMS_PER_CLIENT,
  ) {}

  get size(): number {
    return this.open.size;
  }

  /** Takes the response over from Fastify and keeps it open until either side ends it. */
  serve(
    request: FastifyRequest,
    reply: FastifyReply,
    headers: Record<string, string>,
    subscribe: (send: (event: string, data: unknown) => void) => () => void,
  ): void {
    if (this.open.size >= this.maxStreams) {
      void reply
        .code(503)
        .header('retry-after', '30')
        .send({ error: `The console serves ${this.maxStreams} live streams at most; try again later.` });
      return;
    }
    const client = request.ip;
    const fromClient = this.openByClient.get(client) ?? 0;
    if (fromClient >= this.maxPerClient) {
      void reply
        .code(429)
        .header('retry-after', '30')
        .send({ error: `The console serves ${this.maxPerClient} live streams per client address at most; close one and try again.` });
      return;
    }
    this.openByClient.set(client, fromClient + 1);
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      // Proxies such as nginx buffer responses unless told not to; events would arrive late.
      'x-accel-buffering': 'no',
    });
    response.write('retry: 3000\n\n');
    this.open.add(response);
    const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), HEARTBEAT_MS);
    let unsubscribe = (): void => undefined;
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      clearInterval(heartbeat);
      unsubscribe();
      this.open.delete(response);
      const left = (this.openByClient.get(client) ?? 1) - 1;
      if (left > 0) this.openByClient.set(client, left);
      else this.openByClient.delete(client);
      if (!response.writableEnded) response.end();
    };
    unsubscribe = subscribe((event, data) => {
      if (response.writableLength > MAX_UNREAD_BYTES) {
        end();
        response.destroy();
        return;
      }
      // JSON.stringify never emits a raw newline, so the event stays one data line.
      response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    });
    request.raw.once('close', end);
    response.once('close', end);
  }

  /** Ends every stream (at shutdown: the server cannot close while they are open). */
  closeAll(): void {
    for (const response of this.open) response.end();
    this.open.clear();
    this.openByClient.clear();
  }
}
