import { readFileSync } from 'node:fs';
import { ensureTopics, deadLetterTopicOf, ordersTopic, createKafkaClient, silentLogger } from '@tacocloud/messaging';
import { SAMPLE_ORDER } from '@tacocloud/messaging/testing';
import { autocannon, buildApps, startApp } from '../src/processes.js';
const cpu = (pid: number) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return (Number(f[11]) + Number(f[12])) / 100; };
const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:31800';
const which = process.argv[2] ?? 'api';
const extra = (process.env.NODE_EXTRA ?? '').split(' ').filter(Boolean);
if (!process.env.NOBUILD) buildApps();
const topic = ordersTopic({ name: `prof-http-${Date.now()}`, partitions: 6, writeVersion: 2 });
await ensureTopics(createKafkaClient({ brokers: [brokers], clientId: 'x', logger: silentLogger }), [topic, deadLetterTopicOf(topic)], silentLogger);
const app = which === 'stub'
  ? await startApp('apps/order-api/src/stub-main.ts', {}, '/health/live', extra)
  : await startApp('apps/order-api/src/main.ts', { KAFKA_BROKERS: brokers, ORDERS_TOPIC: topic.name }, '/health/ready', extra);
await autocannon(`${app.baseUrl}/orders`, JSON.stringify(SAMPLE_ORDER), 64, 3);
for (let i = 0; i < Number(process.env.RUNS ?? 2); i++) {
  const c0 = cpu(app.process.child.pid!);
  const r = await autocannon(`${app.baseUrl}/orders`, JSON.stringify(SAMPLE_ORDER), 64, 10);
  const c = cpu(app.process.child.pid!) - c0;
  console.log(which, Math.round(r.ok / r.durationSeconds), '/s p99', r.p99Ms, 'ms', ((c * 1e6) / r.ok).toFixed(1), 'µs CPU/req', 'non2xx', r.non2xx);
}
await app.process.stop('SIGTERM');
