// Child processes of the dev runner: each app runs from its TypeScript sources in its own
// process group, so a terminal Ctrl-C reaches only the runner, which stops them in order.
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { hostAndPort } from '@tacocloud/messaging';
import { linePrinter } from './pretty-lines.js';

export interface AppProcess {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

/** The V8 flags of the Docker image's command (docker/app.Dockerfile says why). */
export const SHIPPED_NODE_FLAGS = ['--max-semi-space-size=16', '--v8-pool-size=1', '--no-allocation-site-pretenuring'];
/** The environment the Docker image sets for the runtime (docker/app.Dockerfile says why). */
export const SHIPPED_ENV = { MALLOC_ARENA_MAX: '2' };

export function startApp(name: string, index: number, entry: string, env: NodeJS.ProcessEnv, cwd: string): AppProcess {
  const child = spawn(process.execPath, [...SHIPPED_NODE_FLAGS, '--import', 'tsx', '--conditions=@tacocloud/source', entry], {
    cwd,
    env: { ...process.env, ...SHIPPED_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const print = linePrinter(name, index, process.stdout.isTTY === true);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => console.log(print(line)));
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { name, child, exited };
}

/** SIGTERM (graceful shutdown), then SIGKILL if the process outstays `graceMs`. */
export async function stopApp(app: AppProcess, graceMs: number): Promise<void> {
  if (app.child.exitCode !== null || app.child.signalCode !== null) return;
  app.child.kill('SIGTERM');
  const timer = setTimeout(() => app.child.kill('SIGKILL'), graceMs);
  await app.exited;
  clearTimeout(timer);
}

export async function waitForHttp(url: string, timeoutMs: number, stillRunning: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && stillRunning()) {
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

/** Whether nothing listens on `port` (any interface), as order-api would bind it. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port }, () => server.close(() => resolve(true)));
  });
}

/** Whether something accepts a TCP connection at `host:port` within `timeoutMs`. */
export function answersTcp(address: string, timeoutMs: number): Promise<boolean> {
  const { host, port } = hostAndPort(address);
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    const done = (answered: boolean) => {
      socket.destroy();
      resolve(answered);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}
