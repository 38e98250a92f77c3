// Drives e2e-load.ts, the paced load generator, in a process of its own on the load CPU: for the
// end-to-end runs, and for what one order at a time costs an app, with no listener beside it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTypeScript } from '@tacocloud/messaging/testing';
import type { LoadResult } from './e2e-load.js';
import { CPU, cpuSeconds, pinned, SHIPPED_NODE_FLAGS, workspaceRoot } from './processes.js';

/** POSTs the sample order to `baseUrl` at `rate` for `warmUpSeconds` and then `seconds`, each order on a connection of its own. */
export async function runLoadGenerator(baseUrl: string, rate: number, seconds: number, warmUpSeconds: number): Promise<LoadResult> {
  const work = mkdtempSync(join(tmpdir(), 'tacocloud-load-'));
  const out = join(work, 'load.json');
  try {
    const generator = runTypeScript(
      'tools/bench/src/e2e-load.ts',
      {
        E2E_BASE_URL: baseUrl,
        E2E_RATE: String(rate),
        E2E_SECONDS: String(seconds),
        E2E_WARM_UP_SECONDS: String(warmUpSeconds),
        E2E_OUT: out,
      },
      workspaceRoot,
      [],
      // With the apps' V8 flags, for the apps' reason: on its one core, GC marking on four
      // worker threads stalled its event loop (docs/benchmarks.md, "The end-to-end tail").
      { wrap: (command, args) => pinned(CPU.load, command, [...SHIPPED_NODE_FLAGS, ...args]) },
    );
    // The run, plus the generator's last requests' 30 s timeout and its start-up.
    const limitMs = (seconds + warmUpSeconds + 90) * 1000;
    const timer = setTimeout(() => void generator.stop('SIGKILL'), limitMs);
    const code = await generator.exited.finally(() => clearTimeout(timer));
    if (code !== 0) throw new Error(`the load generator exited with ${code}: ${generator.lines.slice(-10).join('\n')}`);
    return JSON.parse(readFileSync(out, 'utf8')) as LoadResult;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** An app under the paced generator alone: what an order costs it when orders come one at a time. */
export interface OneAtATime {
  /** Its CPU time per request answered, in µs. */
  cpuUsPerRequest: number;
  /** Its share of its core over the run. */
  cpuShare: number;
  /** p99 of the answers, in ms. */
  p99Ms: number;
  sent: number;
  answered: number;
}

/**
 * Under autocannon each turn of an app's event loop reads many requests; at a paced rate each
 * comes alone, and what a turn costs (waking up, reading one socket, writing one answer, caches
 * gone cold while the core idled) falls on one order. This measures it, app by app, timing only
 * what comes after `warmUpSeconds` at the same rate, as the end-to-end runs time theirs: a full
 * run timing from the first request had order-api at a p99 of 11 s and bare Fastify at 166 ms;
 * a scratch run at that rate the same day gave 28 and 5 ms timed so, 45 and 4 after 10 s.
 */
export async function oneAtATime(baseUrl: string, pid: number, rate: number, seconds: number, warmUpSeconds: number): Promise<OneAtATime> {
  const before = cpuSeconds(pid);
  const load = await runLoadGenerator(baseUrl, rate, seconds, warmUpSeconds);
  // Over the warm-up too: the same rate throughout, and the answers counted are all of them.
  const used = cpuSeconds(pid) - before;
  // Over the time the app had orders to answer: an app that queued went on past the run's end,
  // and its CPU over the run's own length once read as 133 % of its one core.
  const busySeconds = Math.max(seconds + warmUpSeconds, load.wallMs / 1000);
  const latencies = load.timed.map(([, , ms]) => ms).sort((a, b) => a - b);
  const p99 = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? 0;
  return {
    cpuUsPerRequest: Math.round((used * 1e6) / Math.max(1, load.accepted)),
    cpuShare: used / busySeconds,
    p99Ms: Math.round(p99 * 100) / 100,
    sent: load.sent,
    answered: load.accepted,
  };
}
