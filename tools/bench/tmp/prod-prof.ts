import { ensureTopics, deadLetterTopicOf, ordersTopic, createKafkaClient, silentLogger } from '@tacocloud/messaging';
import { rawKafkajsProducer, typedProducer, typedProducerPrebuilt } from '../src/clients.js';
const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:31800';
const records = Number(process.env.RECORDS ?? 100_000);
const modes = (process.argv[2] ?? 'raw,typed').split(',');
const topic = ordersTopic({ name: `prof-produce-${Date.now()}`, partitions: 6, writeVersion: 2 });
const kafka = createKafkaClient({ brokers: [brokers], clientId: 'x', logger: silentLogger });
await ensureTopics(kafka, [topic, deadLetterTopicOf(topic)], silentLogger);
for (let i = 0; i < Number(process.env.RUNS ?? 3); i++) for (const mode of modes) {
  const c0 = process.cpuUsage();
  const rate = mode === 'raw' ? await rawKafkajsProducer(brokers, topic.name, records) : mode === 'typed' ? await typedProducer(brokers, topic, records) : await typedProducerPrebuilt(brokers, topic, records);
  const c = process.cpuUsage(c0);
  console.log(mode.padEnd(9), String(Math.round(rate)).padStart(7), 'rec/s', ((c.user + c.system) / records).toFixed(1), 'µs CPU/rec');
}
