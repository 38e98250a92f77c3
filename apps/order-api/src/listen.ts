// How order-api takes connections: its config's address, a listen queue for bursts of them, and
// a bound on how many it serves at once.
import type { FastifyInstance } from 'fastify';

/**
 * Connections the kernel holds for order-api while its event loop is busy (Linux caps it at
 * net.core.somaxconn, 4,096 by default). Node's default of 511 overflowed when clients each on
 * a connection of their own came faster than a briefly stalled order-api accepted them: the
 * kernel dropped their SYNs and each client waited for its retransmission, 1 s, then 3 s and
 * more (docs/benchmarks.md, "Session 25"). Queued instead, they wait for milliseconds.
 */
export const LISTEN_BACKLOG = 4_096;

/**
 * HTTP_MAX_CONNECTIONS by default. Every open connection costs memory and a share of each turn
 * of the event loop, so an order-api that fell behind (a cold start under load, a pause) and let
 * clients open more and more connections grew slower the more it fell behind: at half its
 * throughput, from a cold start, it held thousands of connections, 436 MB and a p99 of 3.9 s for
 * as long as the load lasted. Bounded at 1,024 it refused some connections for a few seconds and
 * then answered at a p99 of 21 ms in 180 MB; at 4,096 it did not recover (docs/benchmarks.md,
 * "Session 26").
 */
export const DEFAULT_MAX_CONNECTIONS = 1_024;

/** At most one line per this long about refused connections: a flood of them is a line, not a flood. */
const REFUSALS_LOGGED_EVERY_MS = 10_000;

export interface HttpListenConfig {
  host: string;
  port: number;
  maxConnections: number;
}

/**
 * Starts taking connections; one beyond `maxConnections` open is closed as soon as it is
 * accepted (the client sees its connection reset, and may retry: an Idempotency-Key makes an
 * order safe to send again), logged on the app's logger at most once per
 * REFUSALS_LOGGED_EVERY_MS with how many came since the last line, and counted by `countRefused`.
 */
export function listen(app: FastifyInstance, { host, port, maxConnections }: HttpListenConfig, countRefused?: () => void): Promise<string> {
  let refused = 0;
  let loggedAt = -Infinity;
  app.server.maxConnections = maxConnections;
  app.server.on('drop', () => {
    countRefused?.();
    refused++;
    const now = performance.now();
    if (now - loggedAt < REFUSALS_LOGGED_EVERY_MS) return;
    app.log.warn(
      { refused, maxConnections },
      `Refusing connections: ${maxConnections} are open (HTTP_MAX_CONNECTIONS); each one more is closed at once`,
    );
    loggedAt = now;
    refused = 0;
  });
  return app.listen({ host, port, backlog: LISTEN_BACKLOG });
}
