// Throughput and p99 of POST /orders under autocannon, for any app that takes orders.
import { SAMPLE_ORDER } from '@tacocloud/messaging/testing';
import { busyPercentBetween, readCpuTimes, type CpuTimes } from './e2e-evidence.js';
import { autocannon, cpuSeconds, type AutocannonResult } from './processes.js';
import type { Scale } from './scale.js';
import { figure, type Figure } from './stats.js';

export interface HttpFigures {
  throughput: Figure;
  p99Ms: Figure;
  /**
   * The app's own CPU time per answered request over the measured runs, in µs, when its pid was
   * given: what each order costs whether or not the app was waiting on Kafka at the same time.
   */
  cpuUsPerRequest?: number;
  /** The app's CPU time over the wall time of its measured runs: near 1 it was CPU-bound on its core. */
  cpuShare: number;
  /** How busy each CPU was over its measured runs, in % (none without /proc/stat). */
  cpuBusyPercent?: number[];
  /** Warm-up runs before the measured ones: until the app's CPU per request settled. */
  warmUpRuns: number;
}

/**
 * Some starts of a Node app (and of a JVM) need 20 s or more of load before their JIT settles;
 * one 10 s warm-up run left such a start measured at twice its steady CPU per request. So warm-up
 * runs go on until two in a row cost the same CPU per request, within this share.
 */
const SETTLED_WITHIN = 0.1;

/** One autocannon run, the CPU time the app used during it, and how long it took. */
export interface Run {
  result: AutocannonResult;
  cpuSecondsUsed: number;
  wallSeconds?: number;
  /** The machine's CPU times at the run's start and end. */
  machine?: { before: CpuTimes; after: CpuTimes };
}

/** One autocannon run against an app, with the CPU time the app (its pid) used during it. */
function httpRun(baseUrl: string, scale: Scale, pid: number): () => Promise<Run> {
  return async () => {
    const before = { cpu: cpuSeconds(pid), at: performance.now(), machine: readCpuTimes() };
    const result = await autocannon(`${baseUrl}/orders`, JSON.stringify(SAMPLE_ORDER), scale.httpConnections, scale.httpSeconds);
    const machineAfter = readCpuTimes();
    return {
      result,
      cpuSecondsUsed: cpuSeconds(pid) - before.cpu,
      wallSeconds: (performance.now() - before.at) / 1000,
      ...(before.machine && machineAfter && { machine: { before: before.machine, after: machineAfter } }),
    };
  };
}

/** Autocannon runs until the app's CPU per request settles (or scale.httpMaxWarmUpRuns ran); returns how many ran. */
export function warmUpUnderAutocannon(baseUrl: string, scale: Scale, pid: number): Promise<number> {
  return warmUp(httpRun(baseUrl, scale, pid), scale.httpMaxWarmUpRuns);
}

/** One app: warmed up, then `runs` runs. */
export async function httpFigures(baseUrl: string, scale: Scale, runs: number, pid: number): Promise<HttpFigures> {
  const [figures] = await httpFiguresInterleaved([{ baseUrl, pid }], scale, runs);
  return figures!;
}

/**
 * Apps under the same load taking turns run by run, each warmed up first (all started and idle
 * meanwhile): drift of the machine over the minutes they take weighs on each alike, where apps
 * measured one after another once differed by more than what set them apart.
 */
export async function httpFiguresInterleaved(apps: { baseUrl: string; pid: number }[], scale: Scale, runs: number): Promise<HttpFigures[]> {
  const contenders = apps.map(({ baseUrl, pid }) => ({ run: httpRun(baseUrl, scale, pid), warmUpRuns: 0, measured: [] as Run[] }));
  for (const contender of contenders) contender.warmUpRuns = await warmUp(contender.run, scale.httpMaxWarmUpRuns);
  for (let i = 0; i < runs; i++) for (const contender of contenders) contender.measured.push(await contender.run());
  return contenders.map(({ measured, warmUpRuns }) => figuresOf(measured, warmUpRuns));
}

export function figuresOf(measured: Run[], warmUpRuns: number): HttpFigures {
  const answered = measured.reduce((sum, { result }) => sum + result.ok + result.non2xx, 0);
  const cpuSecondsUsed = measured.reduce((sum, m) => sum + m.cpuSecondsUsed, 0);
  const wallSeconds = measured.reduce((sum, m) => sum + (m.wallSeconds ?? m.result.durationSeconds), 0);
  const cpuBusyPercent = busyOver(measured);
  return {
    throughput: figure(measured.map(({ result }) => result.ok / result.durationSeconds)),
    p99Ms: figure(measured.map(({ result }) => result.p99Ms)),
    ...(answered > 0 && { cpuUsPerRequest: Math.round((cpuSecondsUsed * 1e6) / answered) }),
    cpuShare: wallSeconds > 0 ? cpuSecondsUsed / wallSeconds : 0,
    ...(cpuBusyPercent && { cpuBusyPercent }),
    warmUpRuns,
  };
}

/** How busy each CPU was over these runs together (not the turns of other apps between them), in %. */
function busyOver(runs: Run[]): number[] | undefined {
  if (runs.length === 0 || runs.some((run) => !run.machine)) return undefined;
  const total: CpuTimes = [];
  for (const { machine } of runs)
    machine!.after.forEach((now, cpu) => {
      const then = machine!.before[cpu] ?? { busy: 0, total: 0 };
      const sum = total[cpu] ?? { busy: 0, total: 0 };
      total[cpu] = { busy: sum.busy + now.busy - then.busy, total: sum.total + now.total - then.total };
    });
  return busyPercentBetween([], total);
}

/** Runs until two runs in a row cost the same CPU per request, or `max` ran; returns how many ran. */
export async function warmUp(run: () => Promise<Run>, max: number): Promise<number> {
  let previous: number | undefined;
  for (let count = 1; ; count++) {
    const { result, cpuSecondsUsed } = await run();
    const perRequest = cpuSecondsUsed / Math.max(1, result.ok + result.non2xx);
    const settled = previous !== undefined && Math.abs(perRequest - previous) <= SETTLED_WITHIN * previous;
    if (settled || count >= max) return count;
    previous = perRequest;
  }
}
