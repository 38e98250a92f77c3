import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
const cpu = (pid: number) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return (Number(f[11]) + Number(f[12])) / 100; };
import { Kafka, logLevel } from 'kafkajs';
const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:31800';
const topic = process.env.TOPIC ?? 'prof-consume';
const records = Number(process.env.RECORDS ?? 100_000);
const extra = (process.env.NODE_EXTRA ?? '').split(' ').filter(Boolean);
const groupId = `info-${Date.now()}`;
const child = spawn('taskset', ['-c', '0', process.execPath, '--max-semi-space-size=16', ...extra, 'apps/order-listener/dist/main.js'], {
  env: { ...process.env, KAFKA_BROKERS: brokers, ORDERS_TOPIC: topic, ORDER_LISTENER_GROUP: groupId, HEALTH_PORT: '0', LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let bytes = 0;
child.stdout.on('data', (d: Buffer) => (bytes += d.length));
const admin = new Kafka({ clientId: 'a', brokers: [brokers], logLevel: logLevel.NOTHING }).admin();
await admin.connect();
let first: { at: number; committed: number } | undefined;
for (;;) {
  const [o] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const committed = (o?.partitions ?? []).reduce((s, p) => s + Math.max(0, Number(p.offset)), 0);
  const at = performance.now();
  if (committed > 0 && !first) { first = { at, committed }; (first as any).cpu = cpu(child.pid!); }
  if (committed >= records) {
    console.log('rate', Math.round((committed - first!.committed) / ((at - first!.at) / 1000)), 'stdout MB', (bytes / 1e6).toFixed(1), 'µs CPU/record', (((cpu(child.pid!) - (first as any).cpu) * 1e6) / (committed - first!.committed)).toFixed(1));
    break;
  }
  await new Promise((r) => setTimeout(r, 50));
}
await admin.disconnect();
child.kill('SIGTERM');
await new Promise((r) => child.on('exit', r));
