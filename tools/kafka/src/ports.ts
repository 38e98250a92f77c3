// The ports a cluster's nodes listen on: free before we start, and not in the range the
// kernel hands out to outgoing connections.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { KafkaToolError } from './errors.js';
import type { NodeLayout } from './layout.js';

export async function assertPortsFree(nodes: NodeLayout[]): Promise<void> {
  for (const node of nodes) {
    for (const port of [node.port, node.controllerPort]) {
      if (!(await portIsFree(node.host, port))) {
        throw new KafkaToolError(
          `Port ${port} (node ${node.id}) is already in use by another process.`,
          `stop whatever listens there (\`ss -ltnp 'sport = :${port}'\`), or pick other ports with --port <n> (add --fresh to move an existing cluster).`,
        );
      }
    }
  }
}

/** Ports in the kernel's ephemeral range can be taken at any moment by some outgoing connection. */
export function warnIfEphemeral(nodes: NodeLayout[], log: (line: string) => void): void {
  let range: number[];
  try {
    range = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
  } catch {
    return;
  }
  const [low = Infinity, high = -Infinity] = range;
  const risky = nodes.flatMap((node) => [node.port, node.controllerPort]).filter((port) => port >= low && port <= high);
  if (risky.length > 0) {
    log(
      `Warning: port(s) ${risky.join(', ')} lie in the ephemeral range ${low}-${high}; a client connection may take them. Prefer --port below ${low - 200}.`,
    );
  }
}

function portIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}
