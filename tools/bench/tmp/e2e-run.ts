import { ensureTopics, deadLetterTopicOf, ordersTopic, createKafkaClient, silentLogger } from '@tacocloud/messaging';
import { buildApps, startApp } from '../src/processes.js';
import { endToEnd } from '../src/e2e.js';
const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:31800';
if (!process.env.NOBUILD) buildApps();
const topic = ordersTopic({ name: `prof-e2e-${Date.now()}`, partitions: 6, writeVersion: 2 });
await ensureTopics(createKafkaClient({ brokers: [brokers], clientId: 'x', logger: silentLogger }), [topic, deadLetterTopicOf(topic)], silentLogger);
const app = await startApp('apps/order-api/src/main.ts', { KAFKA_BROKERS: brokers, ORDERS_TOPIC: topic.name }, '/health/ready', (process.env.NODE_EXTRA ?? '').split(' ').filter(Boolean));
for (const rate of (process.env.RATES ?? '2000,3400').split(',').map(Number)) {
  const r = await endToEnd(app.baseUrl, brokers, topic, `e2e-${Date.now()}`, rate, Number(process.env.SECONDS ?? 30), 5, `${process.cwd()}/.kafka/clusters/mine/node-1/gc.log`);
  console.log(rate, 'p50', r.p50Ms, 'p99', r.p99Ms, 'p999', r.p999Ms, '202 p99', r.acceptedP99Ms, 'handled', r.handled, '/', r.timed, 'skipped', r.skipped);
  const worst = [...r.perSecond].sort((a: any, b: any) => b.p99Ms - a.p99Ms).slice(0, 4);
  for (const s of worst) console.log('  ', JSON.stringify(s));
}
const gc = app.process.lines.filter((l) => /Scavenge|Mark-Compact|Minor/.test(l));
const pauses = gc.map((l) => ({ kind: /Scavenge|Minor/.test(l) ? 'young' : 'old', ms: Number(/, ([\d.]+) \/ [\d.]+ ms/.exec(l)?.[1] ?? 'NaN') }));
for (const kind of ['young', 'old']) { const p = pauses.filter((x) => x.kind === kind).map((x) => x.ms).sort((a, b) => a - b); if (p.length) console.log(kind, 'count', p.length, 'p50', p[Math.floor(p.length / 2)], 'p99', p[Math.floor(p.length * 0.99)], 'max', p.at(-1)); }
console.log(gc.slice(-3).join('\n'));
await app.process.stop('SIGTERM');
