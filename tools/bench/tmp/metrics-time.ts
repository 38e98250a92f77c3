import { ensureTopics, deadLetterTopicOf, ordersTopic, createKafkaClient, silentLogger } from '@tacocloud/messaging';
import { SAMPLE_ORDER } from '@tacocloud/messaging/testing';
import { startApp } from '../src/processes.js';
const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:31800';
const topic = ordersTopic({ name: `prof-m-${Date.now()}`, partitions: 6, writeVersion: 2 });
await ensureTopics(createKafkaClient({ brokers: [brokers], clientId: 'x', logger: silentLogger }), [topic, deadLetterTopicOf(topic)], silentLogger);
const app = await startApp('apps/order-api/src/main.ts', { KAFKA_BROKERS: brokers, ORDERS_TOPIC: topic.name }, '/health/ready');
for (let i = 0; i < 200; i++) await fetch(`${app.baseUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(SAMPLE_ORDER) });
const times: number[] = [];
let size = 0;
for (let i = 0; i < 30; i++) { const t = performance.now(); const r = await fetch(`${app.baseUrl}/metrics`); size = (await r.text()).length; times.push(performance.now() - t); }
times.sort((a, b) => a - b);
console.log('metrics bytes', size, 'ms p50', times[15]!.toFixed(2), 'max', times.at(-1)!.toFixed(2));
await app.process.stop('SIGTERM');
