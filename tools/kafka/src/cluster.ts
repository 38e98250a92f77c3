// Starting, stopping and inspecting a local KRaft cluster made of broker JVMs.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { KafkaToolError } from './errors.js';
import { findJava, type Toolchain } from './java.js';
import { ensureJars } from './jars.js';
import {
  bootstrapServers,
  jvmOptions,
  LOG4J2_PROPERTIES,
  nodesOf,
  serverProperties,
  type ClusterLayout,
  type NodeLayout,
} from './layout.js';
import { clusterDir } from './paths.js';
import { describeCluster } from './probe.js';
import { isRunning, livePid, processState, removePidFile, signal, spawnBroker, stopProcess } from './processes.js';

export interface ClusterOptions {
  name?: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

export interface StartOptions extends ClusterOptions {
  /** Defaults to the existing cluster's layout, else 1. */
  brokers?: number;
  /** Client port of node 1; defaults to the existing cluster's, else 9092. */
  basePort?: number;
  /** Wipe data and logs first. */
  fresh?: boolean;
  /** Stop the cluster when this process exits, however it exits (test runs). */
  ownerPid?: number;
  readyTimeoutMs?: number;
}

export interface RunningCluster {
  name: string;
  dir: string;
  bootstrap: string;
  nodes: NodeLayout[];
}

export type NodeAction = 'stop' | 'kill' | 'pause' | 'resume' | 'restart';

const DEFAULT_NAME = 'dev';
const DEFAULT_PORT = 9092;
/** Kafka's controlled shutdown moves leadership away first; 30 s covers it on a busy machine. */
const GRACEFUL_STOP_MS = 30_000;
/** First start JIT-compiles a lot of Scala on 2 cores; 90 s leaves room for three JVMs at once. */
const READY_TIMEOUT_MS = 90_000;

interface Context {
  name: string;
  dir: string;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
}

function contextOf(options: ClusterOptions): Context {
  const name = options.name ?? DEFAULT_NAME;
  const env = options.env ?? process.env;
  return { name, dir: clusterDir(name, env), env, log: options.log ?? (() => undefined) };
}

function layoutFile(dir: string): string {
  return join(dir, 'cluster.json');
}

function readLayout(dir: string): ClusterLayout | undefined {
  const file = layoutFile(dir);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ClusterLayout) : undefined;
}

/** Returns the cluster's layout; throws when it has never been started. */
export function loadCluster(options: ClusterOptions = {}): RunningCluster {
  const ctx = contextOf(options);
  const layout = readLayout(ctx.dir);
  if (!layout) {
    throw new KafkaToolError(`No local Kafka cluster '${ctx.name}' here.`, 'start one with `npm run kafka -- start`.');
  }
  const nodes = nodesOf(layout, ctx.dir);
  return { name: ctx.name, dir: ctx.dir, bootstrap: bootstrapServers(nodes), nodes };
}

export async function startCluster(options: StartOptions = {}): Promise<RunningCluster> {
  const ctx = contextOf(options);
  const toolchain = findJava(ctx.env);
  const jars = ensureJars(ctx.log, ctx.env);
  if (options.fresh) await wipe(ctx);

  const layout = planLayout(ctx, options);
  const nodes = nodesOf(layout, ctx.dir);
  const stopped = nodes.filter((node) => livePid(node.pidFile, node.propertiesFile) === undefined);
  warnIfEphemeral(nodes, ctx.log);
  await assertPortsFree(stopped);
  await formatStorage(ctx, toolchain, jars, layout, nodes);
  for (const node of stopped) launch(ctx, toolchain, jars, node);
  if (options.ownerPid !== undefined) spawnWatchdog(options.ownerPid, nodes);

  const cluster = { name: ctx.name, dir: ctx.dir, bootstrap: bootstrapServers(nodes), nodes };
  await waitForBrokers(cluster, nodes.map((n) => n.id), options.readyTimeoutMs ?? READY_TIMEOUT_MS);
  return cluster;
}

function planLayout(ctx: Context, options: StartOptions): ClusterLayout {
  const existing = readLayout(ctx.dir);
  const brokers = options.brokers ?? existing?.brokers ?? 1;
  const basePort = options.basePort ?? existing?.basePort ?? DEFAULT_PORT;
  if (brokers !== 1 && brokers !== 3) {
    throw new KafkaToolError(`--brokers must be 1 or 3, not ${brokers}.`, 'use `--brokers 1` or `--brokers 3`.');
  }
  if (existing && (existing.brokers !== brokers || existing.basePort !== basePort)) {
    throw new KafkaToolError(
      `Cluster '${ctx.name}' was set up with ${existing.brokers} broker(s) on port ${existing.basePort}; asked for ${brokers} on ${basePort}.`,
      'add --fresh to wipe it and start anew, or drop --brokers/--port to start it as it was.',
    );
  }
  if (existing) return existing;
  const layout: ClusterLayout = { name: ctx.name, brokers, basePort, clusterId: newClusterId() };
  mkdirSync(ctx.dir, { recursive: true });
  writeFileSync(layoutFile(ctx.dir), `${JSON.stringify(layout, null, 2)}\n`);
  return layout;
}

/** A Kafka cluster id is 16 random bytes in URL-safe base64; one starting with '-' reads as a flag. */
function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

async function wipe(ctx: Context): Promise<void> {
  if (existsSync(layoutFile(ctx.dir))) await stopCluster({ name: ctx.name, env: ctx.env, log: ctx.log });
  rmSync(ctx.dir, { recursive: true, force: true });
}

async function assertPortsFree(nodes: NodeLayout[]): Promise<void> {
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
function warnIfEphemeral(nodes: NodeLayout[], log: (line: string) => void): void {
  let range: number[];
  try {
    range = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
  } catch {
    return;
  }
  const [low = Infinity, high = -Infinity] = range;
  const risky = nodes.flatMap((node) => [node.port, node.controllerPort]).filter((port) => port >= low && port <= high);
  if (risky.length > 0) {
    log(`Warning: port(s) ${risky.join(', ')} lie in the ephemeral range ${low}-${high}; a client connection may take them. Prefer --port below ${low - 200}.`);
  }
}

function portIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

async function formatStorage(
  ctx: Context,
  toolchain: Toolchain,
  jars: string,
  layout: ClusterLayout,
  nodes: NodeLayout[],
): Promise<void> {
  writeFileSync(join(ctx.dir, 'log4j2.properties'), LOG4J2_PROPERTIES);
  const unformatted = nodes.filter((node) => !existsSync(join(node.dataDir, 'meta.properties')));
  await Promise.all(
    unformatted.map(async (node) => {
      mkdirSync(node.dataDir, { recursive: true });
      writeFileSync(node.propertiesFile, serverProperties(node, nodes));
      const result = await runJava(toolchain, jars, ctx, [
        'kafka.tools.StorageTool',
        'format',
        '--ignore-formatted',
        '-t',
        layout.clusterId,
        '-c',
        node.propertiesFile,
      ]);
      if (result.code !== 0) {
        throw new KafkaToolError(`Formatting storage of node ${node.id} failed:\n${result.output}`, 'retry with --fresh.');
      }
    }),
  );
  if (unformatted.length > 0) ctx.log(`Formatted storage of ${unformatted.length} node(s), cluster id ${layout.clusterId}.`);
}

function runJava(
  toolchain: Toolchain,
  jars: string,
  ctx: Context,
  args: string[],
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      toolchain.java,
      ['-Xmx256m', `-Dlog4j2.configurationFile=${join(ctx.dir, 'log4j2.properties')}`, '-cp', `${jars}/*`, ...args],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

function launch(ctx: Context, toolchain: Toolchain, jars: string, node: NodeLayout): void {
  const pid = spawnBroker({
    java: toolchain.java,
    ...(ctx.env['KAFKA_CPU_AFFINITY'] && { cpuAffinity: ctx.env['KAFKA_CPU_AFFINITY'] }),
    jvmOptions: jvmOptions(ctx.env),
    classpath: `${jars}/*`,
    log4jConfig: join(ctx.dir, 'log4j2.properties'),
    propertiesFile: node.propertiesFile,
    logFile: node.logFile,
    pidFile: node.pidFile,
  });
  ctx.log(`Started broker ${node.id} (pid ${pid}) on ${node.host}:${node.port}, log ${node.logFile}`);
}

/**
 * A detached shell that outlives us: when the owner process is gone (finished, crashed or
 * killed), it stops the brokers we started, so an interrupted test run leaves no JVM behind.
 */
function spawnWatchdog(ownerPid: number, nodes: NodeLayout[]): void {
  const script = `
owner="$1"; shift
while kill -0 "$owner" 2>/dev/null; do sleep 1; done
ours() { [ -f "$1" ] && tr '\\0' ' ' < "/proc/$(cat "$1")/cmdline" 2>/dev/null | grep -q -- "\${1%broker.pid}server.properties"; }
left=""
for f in "$@"; do if ours "$f"; then kill -CONT "$(cat "$f")"; kill -TERM "$(cat "$f")"; left="$left $f"; fi; done
i=0
while [ -n "$left" ] && [ "$i" -lt 20 ]; do
  sleep 1; i=$((i + 1)); still=""
  for f in $left; do if ours "$f"; then still="$still $f"; fi; done
  left="$still"
done
for f in $left; do if ours "$f"; then kill -KILL "$(cat "$f")"; fi; done
`;
  const child = spawn('sh', ['-c', script, 'kafka-watchdog', String(ownerPid), ...nodes.map((n) => n.pidFile)], {
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
}

/**
 * Waits until each wanted node answers on its own listener with metadata that lists every
 * wanted node. Asking the node itself matters after a restart: the rest of the cluster may
 * still list a killed broker's old registration for a few seconds.
 */
async function waitForBrokers(cluster: RunningCluster, ids: number[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const wanted = cluster.nodes.filter((node) => ids.includes(node.id));
  for (;;) {
    for (const node of wanted) {
      if (livePid(node.pidFile, node.propertiesFile) === undefined) {
        throw new KafkaToolError(
          `Broker ${node.id} exited during start-up. Last lines of ${node.logFile}:\n${tailFile(node.logFile, 30)}`,
          'read the log above; `npm run kafka -- start --fresh` wipes data that no longer matches the configuration.',
        );
      }
    }
    const ready = await Promise.all(wanted.map((node) => answersWith(node, ids)));
    if (ready.every(Boolean)) return;
    if (Date.now() > deadline) {
      const late = wanted.filter((_, index) => !ready[index]).map((node) => node.id);
      throw new KafkaToolError(
        `Broker(s) ${late.join(', ')} did not answer with every broker registered within ${timeoutMs / 1000} s.`,
        'see `npm run kafka -- logs`; the machine may be overloaded.',
      );
    }
    await delay(250);
  }
}

async function answersWith(node: NodeLayout, ids: number[]): Promise<boolean> {
  const view = await describeCluster([`${node.host}:${node.port}`]).catch(() => undefined);
  const registered = new Set(view?.brokers.map((b) => b.nodeId));
  return view !== undefined && ids.every((id) => registered.has(id));
}

export async function stopCluster(options: ClusterOptions = {}): Promise<void> {
  const cluster = loadCluster(options);
  const ctx = contextOf(options);
  await Promise.all(cluster.nodes.map((node) => stopNode(ctx, node)));
}

async function stopNode(ctx: Context, node: NodeLayout): Promise<void> {
  const pid = livePid(node.pidFile, node.propertiesFile);
  if (pid !== undefined) {
    const how = await stopProcess(pid, GRACEFUL_STOP_MS);
    ctx.log(`Stopped broker ${node.id} (pid ${pid}, ${how}).`);
  }
  removePidFile(node.pidFile);
}

export async function nodeAction(id: number, action: NodeAction, options: ClusterOptions = {}): Promise<void> {
  const ctx = contextOf(options);
  const cluster = loadCluster(options);
  const node = cluster.nodes.find((n) => n.id === id);
  if (!node) {
    throw new KafkaToolError(
      `Cluster '${ctx.name}' has no broker ${id}.`,
      `use an id from 1 to ${cluster.nodes.length}.`,
    );
  }
  const pid = livePid(node.pidFile, node.propertiesFile);
  switch (action) {
    case 'stop':
      return stopNode(ctx, node);
    case 'kill':
      if (pid === undefined) return notRunning(node);
      signal(pid, 'SIGKILL');
      ctx.log(`Killed broker ${node.id} (pid ${pid}) with SIGKILL.`);
      return;
    case 'pause':
    case 'resume':
      if (pid === undefined) return notRunning(node);
      signal(pid, action === 'pause' ? 'SIGSTOP' : 'SIGCONT');
      ctx.log(`${action === 'pause' ? 'Paused' : 'Resumed'} broker ${node.id} (pid ${pid}).`);
      return;
    case 'restart': {
      await stopNode(ctx, node);
      const toolchain = findJava(ctx.env);
      await assertPortsFree([node]);
      launch(ctx, toolchain, ensureJars(ctx.log, ctx.env), node);
      await waitForBrokers(cluster, [node.id], READY_TIMEOUT_MS);
      ctx.log(`Broker ${node.id} is back in the cluster.`);
      return;
    }
  }
}

function notRunning(node: NodeLayout): never {
  throw new KafkaToolError(`Broker ${node.id} is not running.`, `start it with \`npm run kafka -- restart ${node.id}\`.`);
}

export interface NodeStatus {
  id: number;
  address: string;
  pid?: number;
  state: 'running' | 'paused' | 'stopped';
  registered: boolean;
}

export interface ClusterStatus {
  name: string;
  bootstrap: string;
  nodes: NodeStatus[];
  /** Node id of the active KRaft controller (quorum leader), when the quorum answers. */
  controller?: number;
  topics: string[];
  reachable: boolean;
}

export async function clusterStatus(options: ClusterOptions = {}): Promise<ClusterStatus> {
  const ctx = contextOf(options);
  const cluster = loadCluster(options);
  const view = await describeCluster(cluster.bootstrap.split(',')).catch(() => undefined);
  const registered = new Set(view?.brokers.map((b) => b.nodeId));
  const nodes = cluster.nodes.map((node): NodeStatus => {
    const pid = livePid(node.pidFile, node.propertiesFile);
    const state = pid === undefined || !isRunning(pid) ? 'stopped' : processState(pid) === 'T' ? 'paused' : 'running';
    return { id: node.id, address: `${node.host}:${node.port}`, ...(pid && { pid }), state, registered: registered.has(node.id) };
  });
  const controller = view ? quorumLeader(ctx, cluster) : undefined;
  return {
    name: cluster.name,
    bootstrap: cluster.bootstrap,
    nodes,
    ...(controller !== undefined && { controller }),
    topics: view?.topics ?? [],
    reachable: view !== undefined,
  };
}

/** KRaft's active controller is the quorum leader; Kafka's own MetadataQuorumCommand reports it. */
function quorumLeader(ctx: Context, cluster: RunningCluster): number | undefined {
  const jars = ensureJars(ctx.log, ctx.env);
  const { java } = findJava(ctx.env);
  const result = spawnSync(
    java,
    [
      '-Xmx128m',
      `-Dlog4j2.configurationFile=${join(ctx.dir, 'log4j2.properties')}`,
      '-Dlog4j2.level=ERROR',
      '-cp',
      `${jars}/*`,
      'org.apache.kafka.tools.MetadataQuorumCommand',
      '--bootstrap-server',
      cluster.bootstrap,
      'describe',
      '--status',
    ],
    { encoding: 'utf8', timeout: 30_000 },
  );
  const match = /^LeaderId:\s+(\d+)/m.exec(result.stdout ?? '');
  return match ? Number(match[1]) : undefined;
}

export function tailFile(file: string, lines: number): string {
  if (!existsSync(file)) return `(no log at ${file})`;
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/** True when the cluster exists here and every one of its brokers is running. */
export function isClusterRunning(options: ClusterOptions = {}): boolean {
  const ctx = contextOf(options);
  const layout = readLayout(ctx.dir);
  if (!layout) return false;
  return nodesOf(layout, ctx.dir).every((node) => livePid(node.pidFile, node.propertiesFile) !== undefined);
}
