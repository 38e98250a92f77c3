// Broker JVM processes: spawned detached, tracked by pid file, and only ever signalled
// after checking that the pid still belongs to the broker we started.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

export interface BrokerProcessSpec {
  java: string;
  /** CPU list for `taskset -c` (e.g. "1"): keeps the broker off the cores a benchmark measures. */
  cpuAffinity?: string;
  jvmOptions: string[];
  classpath: string;
  log4jConfig: string;
  propertiesFile: string;
  logFile: string;
  pidFile: string;
}

export function spawnBroker(spec: BrokerProcessSpec): number {
  const out = openSync(spec.logFile, 'a');
  const javaArgs = [
    ...spec.jvmOptions,
    `-Dlog4j2.configurationFile=${spec.log4jConfig}`,
    '-cp',
    spec.classpath,
    'kafka.Kafka',
    spec.propertiesFile,
  ];
  // taskset execs java in place, so the pid recorded is the broker's.
  const [command, args] = spec.cpuAffinity ? ['taskset', ['-c', spec.cpuAffinity, spec.java, ...javaArgs]] : [spec.java, javaArgs];
  const child = spawn(command, args, { detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  if (child.pid === undefined) throw new Error(`could not spawn ${spec.java}`);
  child.unref();
  writeFileSync(spec.pidFile, String(child.pid));
  return child.pid;
}

/** The pid recorded for a broker, if that process is alive and is still that broker. */
export function livePid(pidFile: string, propertiesFile: string): number | undefined {
  const pid = recordedPid(pidFile);
  return pid !== undefined && isBrokerProcess(pid, propertiesFile) ? pid : undefined;
}

/**
 * Whether the broker recorded in `pidFile` has exited. Not merely livePid() finding no broker:
 * while taskset execs java, /proc/<pid>/cmdline reads empty for a moment (824 of 60,312 reads
 * in the first 50 ms after spawning `taskset -c 1 sleep 5`, none without taskset), and a
 * start-up check that fell in that moment reported a broker that went on running as exited.
 */
export function brokerExited(pidFile: string, propertiesFile: string): boolean {
  if (livePid(pidFile, propertiesFile) !== undefined) return false;
  const pid = recordedPid(pidFile);
  return pid === undefined || !isRunning(pid);
}

/** The pid a pid file holds, if it holds one. */
function recordedPid(pidFile: string): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function isBrokerProcess(pid: number, propertiesFile: string): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('kafka.Kafka') && cmdline.includes(propertiesFile);
  } catch {
    return false;
  }
}

/** 'T' (stopped) after SIGSTOP; used to report paused brokers. */
export function processState(pid: number): string | undefined {
  try {
    return /^State:\s+(\S)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

export function isRunning(pid: number): boolean {
  const state = processState(pid);
  return state !== undefined && state !== 'Z' && state !== 'X';
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isRunning(pid)) return true;
    await delay(100);
  }
  return !isRunning(pid);
}

/** SIGTERM (Kafka's controlled shutdown), then SIGKILL if it has not exited in time. */
export async function stopProcess(pid: number, graceMs: number): Promise<'graceful' | 'forced'> {
  signal(pid, 'SIGCONT');
  signal(pid, 'SIGTERM');
  if (await waitForExit(pid, graceMs)) return 'graceful';
  signal(pid, 'SIGKILL');
  await waitForExit(pid, 5_000);
  return 'forced';
}

export function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

export function removePidFile(pidFile: string): void {
  rmSync(pidFile, { force: true });
}
