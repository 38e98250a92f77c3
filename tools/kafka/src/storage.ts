// KRaft storage: each node's data folder formatted once with the cluster id, by Kafka's own
// StorageTool, as `kafka-storage.sh format` does.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KafkaToolError } from './errors.js';
import type { Toolchain } from './java.js';
import { LOG4J2_PROPERTIES, serverProperties, type ClusterLayout, type NodeLayout, type NodeSecurity } from './layout.js';
import { redact, SASL_MECHANISM, writeSecret } from './security.js';
import type { Context } from './store.js';

/** A secured cluster's SCRAM users, created in the bootstrap metadata at format time (KIP-900). */
export interface ScramUsers {
  users: Readonly<Record<string, string>>;
}

export function isFormatted(node: NodeLayout): boolean {
  return existsSync(join(node.dataDir, 'meta.properties'));
}

export async function formatStorage(
  ctx: Context,
  toolchain: Toolchain,
  jars: string,
  layout: ClusterLayout,
  nodes: NodeLayout[],
  security?: NodeSecurity & ScramUsers,
): Promise<void> {
  writeFileSync(join(ctx.dir, 'log4j2.properties'), LOG4J2_PROPERTIES);
  const unformatted = nodes.filter((node) => !isFormatted(node));
  const secrets = security ? Object.values(security.users) : [];
  await Promise.all(
    unformatted.map(async (node) => {
      mkdirSync(node.dataDir, { recursive: true });
      // A secured node's properties hold passwords (its own, and the PLAIN users'): owner only.
      writeSecret(node.propertiesFile, serverProperties(node, nodes, security));
      const args = ['kafka.tools.StorageTool', 'format', '--ignore-formatted', '-t', layout.clusterId, '-c', node.propertiesFile];
      for (const [name, password] of Object.entries(security?.users ?? {})) {
        args.push('--add-scram', `${SASL_MECHANISM}=[name=${name},password=${password}]`);
      }
      const result = await runJava(toolchain, jars, ctx, args, join(node.dir, 'format.args'));
      if (result.code !== 0) {
        throw new KafkaToolError(`Formatting storage of node ${node.id} failed:\n${redact(result.output, secrets)}`, 'retry with --fresh.');
      }
    }),
  );
  if (unformatted.length > 0) ctx.log(`Formatted storage of ${unformatted.length} node(s), cluster id ${layout.clusterId}.`);
}

/**
 * Runs a Java main class. Its arguments go in a 0600 argument file (`java @file`), removed
 * once the JVM has read it: SCRAM passwords never show in `ps` or /proc/<pid>/cmdline.
 */
function runJava(
  toolchain: Toolchain,
  jars: string,
  ctx: Context,
  args: string[],
  argFile: string,
): Promise<{ code: number | null; output: string }> {
  const jvmArgs = ['-Xmx256m', `-Dlog4j2.configurationFile=${join(ctx.dir, 'log4j2.properties')}`, '-cp', `${jars}/*`, ...args];
  writeSecret(argFile, `${jvmArgs.map(quoteArg).join('\n')}\n`);
  return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(toolchain.java, [`@${argFile}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  }).finally(() => rmSync(argFile, { force: true }));
}

/** One argument of a `java @file`: quoted, so spaces stay inside it (no argument here holds a quote). */
function quoteArg(arg: string): string {
  return `"${arg.replace(/\\/g, '\\\\')}"`;
}
