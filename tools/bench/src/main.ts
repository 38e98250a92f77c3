// npm run bench: runs the benchmark and writes bench/results/latest.md and latest.json.
// BENCH_SCALE=tiny checks the harness in seconds; KAFKA_BROKERS uses an existing cluster;
// BENCH_ONLY=peers measures only our apps against the Spring Boot and NestJS peers.
// First: the library fixes kafkajs before kafkajs loads, and the raw rows run on the same kafkajs as ours.
import '@tacocloud/messaging';
import { join } from 'node:path';
import { runBench } from './bench.js';
import { runPeersOnly } from './peers-only.js';
import { workspaceRoot } from './processes.js';
import { SCALES, type Scale } from './scale.js';

const scaleName = (process.env['BENCH_SCALE'] ?? 'full') as Scale['name'];
const scale = SCALES[scaleName];
if (!scale) {
  console.error(`bench: BENCH_SCALE must be one of ${Object.keys(SCALES).join(', ')}, not '${scaleName}'`);
  process.exit(2);
}
const started = Date.now();
const log = (line: string) => console.log(`[bench ${Math.round((Date.now() - started) / 1000)} s] ${line}`);
if (process.env['BENCH_ONLY'] === 'peers') {
  await runPeersOnly(scale, process.env['KAFKA_BROKERS'], join(workspaceRoot, 'bench', 'results'), log);
  console.log(`\nWrote bench/results/peers.md and peers.json in ${Math.round((Date.now() - started) / 1000)} s.`);
  process.exit(0);
}
const report = await runBench({
  scale,
  ...(process.env['KAFKA_BROKERS'] && { brokers: process.env['KAFKA_BROKERS'] }),
  outDir: join(workspaceRoot, 'bench', 'results'),
  log,
});
console.log(`\nWrote bench/results/latest.md and latest.json in ${Math.round((Date.now() - started) / 1000)} s.`);
for (const target of report.targets)
  console.log(`${target.met ? 'met   ' : 'MISSED'} ${target.name}: ${target.actual} (goal ${target.goal})`);
