// Starts watchdog.sh detached, so it outlives the process that started the cluster.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { NodeLayout } from './layout.js';

const SCRIPT = fileURLToPath(new URL('./watchdog.sh', import.meta.url));

export function spawnWatchdog(ownerPid: number, nodes: NodeLayout[]): void {
  const child = spawn('sh', [SCRIPT, String(ownerPid), ...nodes.map((n) => n.pidFile)], { detached: true, stdio: 'ignore' });
  child.unref();
}
