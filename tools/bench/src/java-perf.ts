// Apache Kafka's own perf tools from the kafka-tools jar, on the same broker and payload:
// the yardstick the report compares our code with.
import { spawn } from 'node:child_process';
import { ensureJars, findJava } from '@tacocloud/kafka-tools';

function runJava(mainClass: string, args: string[]): Promise<string> {
  const jars = ensureJars(() => undefined);
  const { java } = findJava();
  return new Promise((resolve, reject) => {
    const child = spawn(java, ['-Xmx512m', '-Dlog4j2.level=ERROR', '-cp', `${jars}/*`, mainClass, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${mainClass} exited ${code}:\n${output.slice(-2000)}`)),
    );
  });
}

/** Records/s from ProducerPerformance with acks=all and idempotence on. */
export async function producerPerformance(brokers: string, topic: string, records: number, payloadFile: string): Promise<number> {
  const output = await runJava('org.apache.kafka.tools.ProducerPerformance', [
    '--topic',
    topic,
    '--num-records',
    String(records),
    '--throughput',
    '-1',
    '--payload-file',
    payloadFile,
    '--producer-props',
    `bootstrap.servers=${brokers}`,
    'acks=all',
    'enable.idempotence=true',
  ]);
  // "100000 records sent, 45045.0 records/sec (43.12 MB/sec), ..." is the final summary line.
  const summary = [...output.matchAll(/(\d+) records sent, ([\d.]+) records\/sec/g)].at(-1);
  if (!summary) throw new Error(`no summary in ProducerPerformance output:\n${output.slice(-2000)}`);
  return Number(summary[2]);
}

/** fetch.nMsg.sec from ConsumerPerformance: records/s over the fetch phase, group join excluded. */
export async function consumerPerformance(brokers: string, topic: string, records: number, group: string): Promise<number> {
  const output = await runJava('org.apache.kafka.tools.ConsumerPerformance', [
    '--bootstrap-server',
    brokers,
    '--topic',
    topic,
    '--messages',
    String(records),
    '--group',
    group,
    '--timeout',
    '60000',
  ]);
  const lines = output
    .trim()
    .split('\n')
    .filter((line) => line.includes(','));
  const header = lines.findIndex((line) => line.includes('fetch.nMsg.sec'));
  const names = lines[header]?.split(',').map((s) => s.trim()) ?? [];
  const values = lines[header + 1]?.split(',').map((s) => s.trim()) ?? [];
  const value = Number(values[names.indexOf('fetch.nMsg.sec')]);
  if (header < 0 || !Number.isFinite(value)) throw new Error(`no fetch.nMsg.sec in ConsumerPerformance output:\n${output.slice(-2000)}`);
  return value;
}
