import { ensureTopics, deadLetterTopicOf, ordersTopic, createKafkaClient, silentLogger } from '@tacocloud/messaging';
import { fillTopic, listener, rawEachBatch } from '../src/clients.js';

const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:31800';
const records = Number(process.env.RECORDS ?? 100_000);
const mode = process.argv[2] ?? 'typed';
const name = process.env.TOPIC ?? 'prof-consume';
const topic = ordersTopic({ name, partitions: 6, writeVersion: 2 });
if (process.env.FILL) {
  const kafka = createKafkaClient({ brokers: [brokers], clientId: 'x', logger: silentLogger });
  await ensureTopics(kafka, [topic, deadLetterTopicOf(topic)], silentLogger);
  await fillTopic(brokers, name, records);
  console.log('filled');
  process.exit(0);
}
const runs = Number(process.env.RUNS ?? 3);
for (let i = 0; i < runs; i++) {
  const g = `g-${mode}-${Date.now()}-${i}`;
  const rate = mode === 'typed' ? await listener(brokers, topic, records, g) : await rawEachBatch(brokers, name, records, g, mode === 'json');
  console.log(mode, Math.round(rate));
}
