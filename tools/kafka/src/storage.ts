// KRaft storage: each node's data folder formatted once with the cluster id, by Kafka's own
// StorageTool, as `kafka-storage.sh format` does.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KafkaToolError } from './errors.js';
import type { Toolchain } from './java.js';
import { LOG4J2_PROPERTIES, serverProperties, type ClusterLayout, type NodeLayout } from './layout.js';
import type { Context } from './store.js';

export async function formatStorage(
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

function runJava(toolchain: Toolchain, jars: string, ctx: Context, args: string[]): Promise<{ code: number | null; output: string }> {
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
