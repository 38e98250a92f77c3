// Our clients and raw kafkajs, measured inside this process on the same topic and payload.
// tools/ may use kafkajs directly: the raw figures are the baseline our code is judged by.
import { Kafka, logLevel, Partitioners, type KafkaMessage } from 'kafkajs';
import {
  createKafkaClient,
  decodeHeaders,
  Headers,
  KafkaOrderMessagingService,
  readerFor,
  silentLogger,
  TypedListener,
  TypedProducer,
  type ListenerFetchLimits,
  type OrderPlacedVersion,
  type OrdersTopic,
  type ReadableTopic,
} from '@tacocloud/messaging';
import { eventRecord, ORDER, sampleEvent } from './payload.js';

/** Records in each send of raw kafkajs, which awaits each: the most it has outstanding. */
const RAW_RECORDS_PER_SEND = 1_000;

/**
 * Raw kafkajs at its best: idempotent, acks=all, 1,000 records per send, one send in flight.
 * Each record is built and encoded inside the timer, as the typed producer's are, so the
 * ratio compares the same work.
 */
export async function rawKafkajsProducer(brokers: string, topic: string, records: number): Promise<number> {
  const kafka = new Kafka({ clientId: 'bench-raw', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    const started = performance.now();
    for (let sent = 0; sent < records; sent += RAW_RECORDS_PER_SEND) {
      const messages = Array.from({ length: Math.min(RAW_RECORDS_PER_SEND, records - sent) }, () => eventRecord());
      await producer.send({ topic, acks: -1, messages });
    }
    return records / ((performance.now() - started) / 1000);
  } finally {
    await producer.disconnect();
  }
}

/**
 * Fills a topic for the consumer benchmarks with distinct events (distinct message ids, so
 * the listener's duplicate check skips none of them). Not timed.
 */
export async function fillTopic(brokers: string, topic: string, records: number, version: OrderPlacedVersion = 2): Promise<void> {
  const kafka = new Kafka({ clientId: 'bench-fill', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    for (let sent = 0; sent < records; sent += 1_000) {
      await producer.send({
        topic,
        acks: -1,
        messages: Array.from({ length: Math.min(1_000, records - sent) }, () => eventRecord(version)),
      });
    }
  } finally {
    await producer.disconnect();
  }
}

/** Orders through OrderMessagingService: mapping, validation, JSON, batching, acks=all. */
export async function typedProducer(brokers: string, topic: OrdersTopic, records: number): Promise<number> {
  const kafka = createKafkaClient({ brokers: brokers.split(','), clientId: 'bench-typed', logger: silentLogger });
  const producer = new TypedProducer({ kafka, defaultTopic: topic });
  await producer.start();
  const service = new KafkaOrderMessagingService(producer, topic);
  // As many callers waiting as raw kafkajs has records in flight (1,000 a send, one send at a
  // time): the same work outstanding. With 2,000 the typed producer kept twice as many records
  // alive across each scavenge and paid for it in GC (docs/benchmarks.md, "Session 25").
  const window = RAW_RECORDS_PER_SEND;
  try {
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(window, records) }, async () => {
        while (next < records) {
          next++;
          await service.sendOrder(ORDER);
        }
      }),
    );
    return records / ((performance.now() - started) / 1000);
  } finally {
    await producer.stop();
  }
}

/**
 * The typed producer on events built before the timer starts (trusted, as toOrderPlaced's are):
 * what the producer itself costs, without mapping the order.
 */
export async function typedProducerPrebuilt(brokers: string, topic: OrdersTopic, records: number): Promise<number> {
  const kafka = createKafkaClient({ brokers: brokers.split(','), clientId: 'bench-typed-prebuilt', logger: silentLogger });
  const producer = new TypedProducer({ kafka, defaultTopic: topic });
  await producer.start();
  const events = Array.from({ length: Math.min(records, RAW_RECORDS_PER_SEND) }, () =>
    sampleEvent(topic.message.version as OrderPlacedVersion),
  );
  try {
    const started = performance.now();
    let next = 0;
    await Promise.all(
      events.map(async () => {
        while (next < records) {
          const event = events[next++ % events.length]!;
          await producer.send(topic, event, { key: event.orderId, trusted: true });
        }
      }),
    );
    return records / ((performance.now() - started) / 1000);
  } finally {
    await producer.stop();
  }
}

/** What raw eachBatch does with each record: nothing, parse its value, or what every listener must. */
export type RawRecordWork = (message: KafkaMessage) => unknown;

export const parseValue: RawRecordWork = (message) => JSON.parse(message.value!.toString('utf8'));

/**
 * The work no listener of `topic` may skip, done with the library's own pieces: the headers
 * decoded to find the record's type and version, its value parsed and validated (zod, compiled)
 * by the topic's reader for them. A record that fails throws, as the listener would dead-letter it.
 */
export function decodeAndValidate(topic: ReadableTopic<unknown>): RawRecordWork {
  return (message) => {
    const headers = decodeHeaders(message.headers);
    const reader = readerFor(topic, headers[Headers.messageType], headers[Headers.messageVersion]);
    if (!reader) throw new Error(`no reader for record ${message.offset}`);
    return reader.read(parseValue(message));
  };
}

/**
 * Raw kafkajs eachBatch doing `work` on each record (none: a no-op handler): records/s from the
 * first record to the last. At kafkajs's fetch sizes, or at the ones given (the listener's, for a
 * like-for-like row).
 */
export async function rawEachBatch(
  brokers: string,
  topic: string,
  records: number,
  groupId: string,
  work?: RawRecordWork,
  fetch: { maxBytes?: number; maxBytesPerPartition?: number } = {},
): Promise<number> {
  const kafka = new Kafka({ clientId: 'bench-raw-consumer', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId, ...fetch });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  let first = 0;
  const done = new Promise<number>((resolve) => {
    void consumer.run({
      eachBatch: async ({ batch }) => {
        if (first === 0) first = performance.now();
        if (work) for (const message of batch.messages) work(message);
        seen += batch.messages.length;
        if (seen >= records) resolve(records / ((performance.now() - first) / 1000));
      },
    });
  });
  try {
    return await done;
  } finally {
    await consumer.disconnect();
  }
}

/** Our TypedListener: decode, validate, upcast, dedupe, no-op handler, commits; at its own fetch sizes unless given others. */
export async function listener(
  brokers: string,
  topic: OrdersTopic,
  records: number,
  groupId: string,
  fetch?: ListenerFetchLimits,
): Promise<number> {
  const kafka = createKafkaClient({ brokers: brokers.split(','), clientId: 'bench-listener', logger: silentLogger });
  let seen = 0;
  let first = 0;
  let finish!: (rate: number) => void;
  const done = new Promise<number>((resolve) => (finish = resolve));
  const typed = new TypedListener({
    kafka,
    topic,
    groupId,
    ...(fetch && { fetch }),
    handler: async () => {
      if (first === 0) first = performance.now();
      if (++seen === records) finish(records / ((performance.now() - first) / 1000));
    },
  });
  await typed.start();
  try {
    return await done;
  } finally {
    await typed.stop();
  }
}
