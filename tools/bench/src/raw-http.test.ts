import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { KeepAliveConnections, postHead } from './raw-http.js';

const servers: Server[] = [];
const serverSockets: Socket[] = [];
const pools: KeepAliveConnections[] = [];
afterEach(async () => {
  pools.splice(0).forEach((pool) => pool.close());
  serverSockets.splice(0).forEach((socket) => socket.destroy());
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listening(server: Server): Promise<URL> {
  servers.push(server);
  server.on('connection', (socket: Socket) => serverSockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
}

/** A node:http server answering each POST with `answer`; it counts the connections it was given. */
async function httpServer(answer: (request: IncomingMessage, body: string, response: ServerResponse) => void) {
  const sockets = new Set<Socket>();
  const server = createHttpServer((request, response) => {
    sockets.add(request.socket);
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => answer(request, body, response));
  });
  return { url: await listening(server), connections: () => sockets.size };
}

/** Answers with a content-length, as Fastify does. */
function answer(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers }).end(body);
}

/** A TCP server that does with each connection what `onConnection` says. */
const tcpServer = (onConnection: (socket: Socket) => void) => listening(createServer(onConnection));

function pool(url: URL, timeoutMs = 10_000) {
  const connections = new KeepAliveConnections(url, timeoutMs);
  pools.push(connections);
  return connections;
}

const post = (url: URL, body: string, key = 'k') =>
  `${postHead(url, '/orders', { 'content-type': 'application/json', 'idempotency-key': key }, body)}\r\n${body}`;

describe('KeepAliveConnections', () => {
  it('should send the head and body as written and settle with the status, reusing its connection', async () => {
    const seen: string[] = [];
    const server = await httpServer((request, body, response) => {
      seen.push(`${request.method} ${request.url} ${request.headers['idempotency-key']} ${body}`);
      answer(response, 202, '{"status":"accepted","note":"é"}');
    });
    const connections = pool(server.url);
    expect(await connections.send(post(server.url, '{"name":"Taco ü"}', 'a'))).toBe(202);
    expect(await connections.send(post(server.url, '{"name":"Taco ü"}', 'b'))).toBe(202);
    expect(seen).toEqual(['POST /orders a {"name":"Taco ü"}', 'POST /orders b {"name":"Taco ü"}']);
    expect(server.connections()).toBe(1);
  });

  it('should open a connection for each request sent while the others are busy', async () => {
    const server = await httpServer((_request, _body, response) => answer(response, 400, '{}'));
    const connections = pool(server.url);
    const statuses = await Promise.all([1, 2, 3].map(() => connections.send(post(server.url, '{}'))));
    expect(statuses).toEqual([400, 400, 400]);
    expect(server.connections()).toBe(3);
  });

  it('should settle only once the whole answer arrived, however it was split, and leave nothing of it for the next', async () => {
    const url = await tcpServer((socket) =>
      socket.on('data', async () => {
        for (const part of ['HTTP/1.1 202 Accepted\r\ncontent-le', 'ngth: 4\r\n\r\n{', '"}', '\n']) {
          socket.write(part);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      }),
    );
    const connections = pool(url);
    expect(await connections.send(post(url, '{}'))).toBe(202);
    expect(await connections.send(post(url, '{}'))).toBe(202);
  });

  it('should settle with 0 when the server never answers, once the connection was silent for the timeout', async () => {
    const url = await tcpServer(() => undefined);
    expect(await pool(url, 200).send(post(url, '{}'))).toBe(0);
  });

  it('should settle with 0 when the server closes the connection instead of answering', async () => {
    const url = await tcpServer((socket) => socket.once('data', () => socket.destroy()));
    expect(await pool(url).send(post(url, '{}'))).toBe(0);
  });

  it('should settle with 0 when nothing listens', async () => {
    const url = await tcpServer(() => undefined);
    await new Promise((resolve) => servers.pop()!.close(resolve));
    // A short timeout: should another process take the freed port, silence still settles it.
    expect(await pool(url, 200).send(post(url, '{}'))).toBe(0);
  });

  it('should settle with 0 for an answer without a length, whose end it cannot know', async () => {
    const server = await httpServer((_request, _body, response) => {
      response.writeHead(202);
      response.write('{');
      response.end('}');
    });
    expect(await pool(server.url).send(post(server.url, '{}'))).toBe(0);
  });

  it('should not reuse a connection the answer said it closes', async () => {
    const server = await httpServer((_request, _body, response) => answer(response, 202, '{}', { connection: 'close' }));
    const connections = pool(server.url);
    expect(await connections.send(post(server.url, '{}'))).toBe(202);
    expect(await connections.send(post(server.url, '{}'))).toBe(202);
    expect(server.connections()).toBe(2);
  });

  it('should settle requests in flight with 0 when closed', async () => {
    const url = await tcpServer(() => undefined);
    const connections = pool(url);
    const sending = connections.send(post(url, '{}'));
    connections.close();
    expect(await sending).toBe(0);
  });
});
