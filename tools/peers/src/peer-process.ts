// Starts a peer as an operator would, configured by the same variables as our apps, and waits
// until it takes orders: POST /orders answers an empty order with 400.
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { waitFor, type RunningProcess } from '@tacocloud/messaging/testing';
import { ensureNestBuild, nestCommand } from './nestjs.js';
import { ensureSpringJar, springCommand } from './spring.js';

export const PEERS = ['spring', 'nestjs'] as const;
export type PeerKind = (typeof PEERS)[number];

export interface StartPeerOptions {
  /** KAFKA_BROKERS and ORDERS_TOPIC at least; ORDER_LISTENER_GROUP when it listens. */
  env: NodeJS.ProcessEnv;
  /** Serve POST /orders (default true). */
  http?: boolean;
  /** Run the consumer (default true). */
  listen?: boolean;
  /** Rewrites the command line, e.g. to pin it with taskset. */
  wrap?: (command: string, args: string[]) => [string, string[]];
  log?: (line: string) => void;
}

export interface RunningPeer extends RunningProcess {
  kind: PeerKind;
  /** Where POST /orders is served, when it serves HTTP. */
  baseUrl: string | undefined;
}

/** Spring Boot takes several seconds to start on a busy 2-core machine; a minute means it is stuck. */
const READY_TIMEOUT_MS = 90_000;

export async function startPeer(kind: PeerKind, { env, http = true, listen = true, wrap, log }: StartPeerOptions): Promise<RunningPeer> {
  const [command, args] = kind === 'spring' ? springCommand(ensureSpringJar(log)) : nestCommand(ensureNestBuild(log));
  const port = http ? await freePort() : 0;
  const peerEnv: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    LISTEN: String(listen),
    HTTP: String(http),
    // Nest colours its log lines unless told not to; tests match them.
    NO_COLOR: '1',
    ...(!http && kind === 'spring' && { SPRING_MAIN_WEB_APPLICATION_TYPE: 'none' }),
    ...env,
  };
  const [cmd, cmdArgs] = wrap ? wrap(command, args) : [command, args];
  const child = spawn(cmd, cmdArgs, { env: peerEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream }).on('line', (line) => lines.push(line));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // A command that cannot start (no taskset, no java) is said in the failure below, not thrown.
  child.once('error', (error) => lines.push(`could not start ${cmd}: ${error.message}`));
  const running = () => child.exitCode === null && child.signalCode === null && child.pid !== undefined;
  const peer: RunningPeer = {
    kind,
    baseUrl: http ? `http://127.0.0.1:${port}` : undefined,
    child,
    lines,
    exited,
    async waitForLine(pattern, timeoutMs = 30_000) {
      await waitFor(() => lines.some((line) => pattern.test(line)), {
        timeoutMs,
        message: `${kind} peer to log a line matching ${pattern}`,
      });
      return lines.find((line) => pattern.test(line))!;
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  try {
    await waitFor(async () => (running() ? await isReady(peer, listen) : true), {
      timeoutMs: READY_TIMEOUT_MS,
      intervalMs: 200,
      message: `the ${kind} peer to start`,
    });
    if (!running()) throw new Error(`the ${kind} peer exited (${child.exitCode ?? child.signalCode ?? 'did not start'})`);
  } catch (error) {
    await peer.stop('SIGKILL');
    throw new Error(`${(error as Error).message}; its last output:\n${lines.slice(-20).join('\n')}`, { cause: error });
  }
  return peer;
}

async function isReady(peer: RunningPeer, listen: boolean): Promise<boolean> {
  if (peer.baseUrl === undefined) return listen && peer.lines.some((line) => STARTED.test(line));
  const response = await fetch(`${peer.baseUrl}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  }).catch(() => undefined);
  return response?.status === 400;
}

/** What each peer logs once started, at any log level. */
const STARTED = /Started TacoCloudPeerApplication|NestJS peer (listening|consuming)/;

/** A port free on 127.0.0.1 right now, for a process about to listen on it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
