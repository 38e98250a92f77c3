// How order-api takes connections: its config's address, and a listen queue for bursts of them.

/**
 * Connections the kernel holds for order-api while its event loop is busy (Linux caps it at
 * net.core.somaxconn, 4,096 by default). Node's default of 511 overflowed when clients each on
 * a connection of their own came faster than a briefly stalled order-api accepted them: the
 * kernel dropped their SYNs and each client waited for its retransmission, 1 s, then 3 s and
 * more (docs/benchmarks.md, "Session 25"). Queued instead, they wait for milliseconds.
 */
export const LISTEN_BACKLOG = 4_096;

export function listenOptions({ host, port }: { host: string; port: number }) {
  return { host, port, backlog: LISTEN_BACKLOG };
}
