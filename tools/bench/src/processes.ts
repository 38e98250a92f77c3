// Processes under test, pinned to a CPU when taskset exists: order-api (real or on the
// in-memory stub) and the autocannon load generator.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { runTypeScript, waitFor, type RunningProcess } from '@tacocloud/messaging/testing';
import { freePort } from '@tacocloud/peers';

export const workspaceRoot = fileURLToPath(new URL('../../../', import.meta.url));
const hasTaskset = spawnSync('taskset', ['-V']).status === 0;

/** CPUs: the broker gets core 1 (KAFKA_CPU_AFFINITY), apps under test core 0, load core 1. */
export const CPU = { app: '0', load: '1', broker: '1' } as const;

export function pinned(cpu: string, command: string, args: string[]): [string, string[]] {
  return hasTaskset ? ['taskset', ['-c', cpu, command, ...args]] : [command, args];
}

/** The V8 flags our apps ship with: docker/app.Dockerfile's command, which says why. */
export const SHIPPED_NODE_FLAGS = ['--max-semi-space-size=16', '--v8-pool-size=1', '--no-allocation-site-pretenuring'];

/** The environment the image sets for the runtime (docker/app.Dockerfile says why), as `env` arguments. */
export const SHIPPED_ENV = ['MALLOC_ARENA_MAX=2'];

/**
 * One of our apps on the app CPU with the node flags and environment it ships with
 * (docker/app.Dockerfile, npm start). `env` and taskset exec in turn: the pid is the app's.
 */
export function pinnedAsShipped(command: string, args: string[], nodeArgs: string[] = []): [string, string[]] {
  return pinned(CPU.app, 'env', [...SHIPPED_ENV, command, ...SHIPPED_NODE_FLAGS, ...nodeArgs, ...args]);
}

export interface AppUnderTest {
  process: RunningProcess;
  baseUrl: string;
}

/**
 * What the bench runs, compiled as the apps' image compiles them (tsc with each project's
 * tsconfig.build.json): apps are measured as they ship, not through tsx, whose loader and
 * source maps cost an app about 45 MB of its RSS. Takes about 15 s.
 */
const BUILDS = [
  'libs/contract/tsconfig.build.json',
  'libs/messaging/tsconfig.build.json',
  'apps/order-listener/tsconfig.build.json',
  'tools/bench/tsconfig.order-api.json',
  'tools/bench/tsconfig.build.json',
];

export function buildApps(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  for (const project of BUILDS) {
    const result = spawnSync(process.execPath, [tsc, '-p', project], { cwd: workspaceRoot, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`bench: building ${project} failed:\n${result.stdout}${result.stderr}`);
  }
}

/**
 * Starts an app's built entry pinned to the app CPU, logging at warn as a loaded service would,
 * and waits until `readyPath` answers 200.
 */
export async function startApp(entry: string, env: NodeJS.ProcessEnv, readyPath: string, nodeArgs: string[] = []): Promise<AppUnderTest> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // HEALTH_PORT unset whatever the shell says: `readyPath` and /metrics are read on PORT.
  const process = runTypeScript(
    entry,
    { HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', HEALTH_PORT: undefined, ...env },
    workspaceRoot,
    [],
    {
      wrap: (command, args) => pinnedAsShipped(command, args, nodeArgs),
      built: true,
    },
  );
  try {
    await waitFor(async () => (await fetch(`${baseUrl}${readyPath}`).catch(() => undefined))?.status === 200, {
      timeoutMs: 60_000,
      intervalMs: 200,
      message: `${entry} to answer ${readyPath}`,
    });
  } catch (error) {
    // Say why: the app's own last words (it logs at warn), and whether it is still running.
    const state = process.child.exitCode === null ? 'still running' : `exited with ${process.child.exitCode}`;
    await process.stop('SIGKILL');
    throw new Error(`${(error as Error).message}; it is ${state}; its last output:\n${process.lines.slice(-20).join('\n')}`, {
      cause: error,
    });
  }
  return { process, baseUrl };
}

/** Peak resident memory of a process (VmHWM), in MB. */
export function peakRssMb(pid: number): number {
  const kb = Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
  return Math.round((kb / 1024) * 10) / 10;
}

/** User and system CPU seconds a process has used so far (/proc/<pid>/stat, in clock ticks of 1/100 s). */
export function cpuSeconds(pid: number): number {
  // The fields after the command name, which is in parentheses and may hold spaces.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export interface AutocannonResult {
  ok: number;
  non2xx: number;
  errors: number;
  durationSeconds: number;
  p99Ms: number;
}

/** autocannon in its own process on the load CPU: POST /orders with the sample order. */
export function autocannon(url: string, body: string, connections: number, seconds: number): Promise<AutocannonResult> {
  const cli = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
  const [command, args] = pinned(CPU.load, process.execPath, [
    cli,
    '--json',
    '-c',
    String(connections),
    '-d',
    String(seconds),
    '-m',
    'POST',
    '-H',
    'content-type=application/json',
    '-b',
    body,
    url,
  ]);
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', () => {
      try {
        const result = JSON.parse(output) as { '2xx': number; non2xx: number; errors: number; duration: number; latency: { p99: number } };
        resolve({
          ok: result['2xx'],
          non2xx: result.non2xx,
          errors: result.errors,
          durationSeconds: result.duration,
          p99Ms: result.latency.p99,
        });
      } catch (error) {
        reject(new Error(`autocannon gave no JSON: ${output.slice(0, 500)}`, { cause: error }));
      }
    });
  });
}
