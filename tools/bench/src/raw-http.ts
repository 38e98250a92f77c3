// HTTP/1.1 requests over plain keep-alive sockets, for the end-to-end load generator, which
// shares its core with the broker: a request costs the generator about 35 µs this way, against
// 80 µs and more through node:http's Agent (which also closed sockets beyond its 256 free ones
// and opened new ones in the next burst) and 58 µs through undici's Pool, which also stalled its
// first second (docs/benchmarks.md, "Session 18"). Like autocannon, it writes a request built
// ahead as one string and reads only what it needs of the answer: the status and where it ends.
// One request per connection at a time, a new connection whenever all are busy, as many
// clients with a connection each would.
import { connect, type Socket } from 'node:net';

/** What a request came to: the answer's status code, or 0 when it failed or timed out. */
export type Status = number;

/** The head of a POST with a body, up to the headers that vary per request (each then ends in \r\n). */
export function postHead(url: URL, path: string, headers: Record<string, string>, body: string): string {
  const lines = [`POST ${path} HTTP/1.1`, `host: ${url.host}`, `content-length: ${Buffer.byteLength(body)}`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return `${lines.join('\r\n')}\r\n`;
}

const HEAD_END = '\r\n\r\n';
const CONTENT_LENGTH = /\r\ncontent-length:[ \t]*(\d+)/i;
const CONNECTION_CLOSE = /\r\nconnection:[ \t]*close/i;

class Connection {
  /** The answer so far, in latin1 so that its length counts bytes as content-length does. */
  private answer = '';
  private settle: ((status: Status) => void) | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly free: (connection: Connection) => void,
    closed: (connection: Connection) => void,
  ) {
    socket.setNoDelay(true);
    socket.setEncoding('latin1');
    // Reset by every read and write: a request in hand settles, and an idle connection closes.
    socket.on('data', (chunk: string) => this.read(chunk));
    socket.on('timeout', () => socket.destroy());
    // 'close' follows every error: the request in hand, if any, settles there.
    socket.on('error', () => undefined);
    socket.once('close', () => {
      this.finish(0);
      closed(this);
    });
  }

  send(request: string): Promise<Status> {
    return new Promise((resolve) => {
      this.settle = resolve;
      this.socket.write(request);
    });
  }

  destroy(): void {
    this.socket.destroy();
  }

  private read(chunk: string): void {
    this.answer += chunk;
    const headEnd = this.answer.indexOf(HEAD_END);
    if (headEnd < 0) return;
    const head = this.answer.slice(0, headEnd);
    const length = CONTENT_LENGTH.exec(head)?.[1];
    // Without a length (a chunked answer) its end is unknown: never the case for our apps.
    if (length === undefined || !this.settle) return this.destroy();
    if (this.answer.length < headEnd + HEAD_END.length + Number(length)) return;
    this.finish(Number(head.slice(9, 12)) || 0);
    if (CONNECTION_CLOSE.test(head)) this.destroy();
    else this.free(this);
  }

  private finish(status: Status): void {
    const settle = this.settle;
    this.settle = undefined;
    this.answer = '';
    settle?.(status);
  }
}

export class KeepAliveConnections {
  private readonly idle: Connection[] = [];
  private readonly all = new Set<Connection>();
  private closed = false;

  /** A request settles with its answer, an error, or once its connection was silent for `timeoutMs`. */
  constructor(
    private readonly url: URL,
    private readonly timeoutMs: number,
  ) {}

  /** Sends a whole request (head, blank line, body) on an idle connection, or a new one. */
  async send(request: string): Promise<Status> {
    if (this.closed) return 0;
    const connection = this.idle.pop() ?? (await this.open());
    return connection ? connection.send(request) : 0;
  }

  /** Closes every connection; requests in flight settle with 0. */
  close(): void {
    this.closed = true;
    for (const connection of this.all) connection.destroy();
  }

  private open(): Promise<Connection | undefined> {
    return new Promise((resolve) => {
      const socket = connect({ host: this.url.hostname, port: Number(this.url.port) });
      socket.setTimeout(this.timeoutMs);
      const connection = new Connection(
        socket,
        (free) => (this.closed ? free.destroy() : this.idle.push(free)),
        (gone) => {
          this.all.delete(gone);
          const at = this.idle.indexOf(gone);
          if (at >= 0) this.idle.splice(at, 1);
          resolve(undefined);
        },
      );
      this.all.add(connection);
      socket.once('connect', () => resolve(connection));
    });
  }
}
