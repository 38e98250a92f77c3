// One broker JVM: launched in the background, or stopped (gracefully, then by force).
import { dirname, join } from 'node:path';
import type { Toolchain } from './java.js';
import { jvmOptions, type NodeLayout } from './layout.js';
import { livePid, removePidFile, spawnBroker, stopProcess } from './processes.js';
import type { Context } from './store.js';

/** Kafka's controlled shutdown moves leadership away first; 30 s covers it on a busy machine. */
const GRACEFUL_STOP_MS = 30_000;

export function launch(ctx: Context, toolchain: Toolchain, jars: string, node: NodeLayout): void {
  const pid = spawnBroker({
    java: toolchain.java,
    ...(ctx.env['KAFKA_CPU_AFFINITY'] && { cpuAffinity: ctx.env['KAFKA_CPU_AFFINITY'] }),
    jvmOptions: jvmOptions(ctx.env, join(dirname(node.logFile), 'gc.log')),
    classpath: `${jars}/*`,
    log4jConfig: join(ctx.dir, 'log4j2.properties'),
    propertiesFile: node.propertiesFile,
    logFile: node.logFile,
    pidFile: node.pidFile,
  });
  ctx.log(`Started broker ${node.id} (pid ${pid}) on ${node.host}:${node.port}, log ${node.logFile}`);
}

export async function stopNode(ctx: Context, node: NodeLayout): Promise<void> {
  const pid = livePid(node.pidFile, node.propertiesFile);
  if (pid !== undefined) {
    const how = await stopProcess(pid, GRACEFUL_STOP_MS);
    ctx.log(`Stopped broker ${node.id} (pid ${pid}, ${how}).`);
  }
  removePidFile(node.pidFile);
}
