// The body of an uncompressed produce request (v3, which kafkajs's v4-v7 reuse) in one buffer of
// exactly its size. kafkajs's own (produce/v3/request.js) gave each partition, each topic and the
// request an Encoder of its own, a zero-filled 512-byte buffer that it grew to the next power of
// two by allocating another zero-filled one and copying, so every record batch was allocated for
// and copied three times over before the request's header was even added: a tenth of the Kafka
// path's CPU in order-api. Each record is measured first, then written once, straight into the
// request's buffer: no buffer of its own or of its batch to copy from (each of those, about a KB
// off V8's heap per order, added to the external memory whose growth starts mark-compacts). A
// record only kafkajs's encoder handles sends its partition's batch through kafkajs's encoders (as
// patched). The bytes are the same; a unit test compares them with kafkajs's request.
import { crc32c } from './crc32c.js';
import { RECORD_BATCH_OVERHEAD, writeRecordBatch, type Encoded } from './record-batch-encoder.js';
import { planRecord, writeRecord, type RecordPlan } from './record-encoder.js';

interface Message {
  timestamp?: unknown;
  [field: string]: unknown;
}

/** What kafkajs's producer hands its produce request. */
export interface ProduceRequestFields {
  acks: number;
  timeout: number;
  transactionalId?: string | null;
  producerId?: unknown;
  producerEpoch?: number;
  topicData: {
    topic: string;
    partitions: { partition: number; firstSequence?: number; messages: Message[] }[];
  }[];
}

export interface RecordEncoders {
  /** kafkajs's record encoder (recordBatch/record/v0). */
  record(fields: Record<string, unknown>): unknown;
  /** kafkajs's record batch encoder (recordBatch/v0 RecordBatch), uncompressed. */
  batch(fields: Record<string, unknown>): Promise<Encoded>;
  /** kafkajs's default producer id when none is given: Long.fromInt(-1). */
  noProducerId: unknown;
  /** Reads a 64-bit field as kafkajs's Long does (numbers, strings and Longs). */
  int64(value: unknown): bigint;
}

/** A partition's record batch, measured, and what writes it at `at` (returning where it ends). */
interface PartitionBatch {
  partition: number;
  size: number;
  write(buffer: Buffer, at: number): number;
}

const INT16 = 2;
const INT32 = 4;

/**
 * Each partition's record batch measured as kafkajs's partition encoder would build it (its
 * timestamps sorted as it sorts them), then the request written around them.
 */
export async function encodeProduceRequest(
  { acks, timeout, transactionalId = null, producerId, producerEpoch = 0, topicData }: ProduceRequestFields,
  encoders: RecordEncoders,
): Promise<Buffer> {
  let size = stringSize(transactionalId) + INT16 + INT32 + INT32;
  const topics: { name: string; partitions: PartitionBatch[] }[] = [];
  for (const { topic, partitions } of topicData) {
    size += stringSize(topic) + INT32;
    const batches: PartitionBatch[] = [];
    for (const { partition, firstSequence, messages } of partitions) {
      const batchFields = {
        producerId: producerId === undefined ? encoders.noProducerId : producerId,
        producerEpoch,
        firstSequence,
        transactional: !!transactionalId,
      };
      const batch =
        plannedBatch(partition, messages, batchFields, encoders) ?? (await encodedBatch(partition, messages, batchFields, encoders));
      size += INT32 + INT32 + batch.size;
      batches.push(batch);
    }
    topics.push({ name: topic, partitions: batches });
  }

  const buffer = Buffer.allocUnsafe(size);
  let at = writeString(buffer, 0, transactionalId);
  at = buffer.writeInt16BE(acks, at);
  at = buffer.writeInt32BE(timeout, at);
  at = buffer.writeInt32BE(topics.length, at);
  for (const { name, partitions } of topics) {
    at = writeString(buffer, at, name);
    at = buffer.writeInt32BE(partitions.length, at);
    for (const batch of partitions) {
      at = buffer.writeInt32BE(batch.partition, at);
      at = buffer.writeInt32BE(batch.size, at);
      at = batch.write(buffer, at);
    }
  }
  // The buffer is not zero-filled: a byte left unwritten would send whatever memory held before.
  if (at !== size) throw new Error(`produce request: wrote ${at} of ${size} bytes`);
  return buffer;
}

/** The batch's timestamps as kafkajs's partitionsEncoder sets them, quirks included: they sort as strings. */
function batchTimestamps(messages: Message[]) {
  const dateNow = Date.now();
  const messageTimestamps = messages
    .map((message) => message.timestamp)
    .filter((timestamp) => timestamp != null)
    .sort();
  const timestamps = messageTimestamps.length === 0 ? [dateNow] : messageTimestamps;
  const firstTimestamp = timestamps[0];
  return {
    firstTimestamp,
    maxTimestamp: timestamps[timestamps.length - 1],
    deltaOf: (message: Message) => ((message.timestamp as number) || dateNow) - (firstTimestamp as number),
  };
}

/** The batch with its records measured for writing in place; undefined if one is only kafkajs's to encode. */
function plannedBatch(
  partition: number,
  messages: Message[],
  batchFields: Record<string, unknown>,
  { int64 }: RecordEncoders,
): PartitionBatch | undefined {
  const { firstTimestamp, maxTimestamp, deltaOf } = batchTimestamps(messages);
  const plans: RecordPlan[] = [];
  let bytes = 0;
  for (const [i, message] of messages.entries()) {
    const plan = planRecord({ ...message, offsetDelta: i, timestampDelta: deltaOf(message) });
    if (plan === undefined) return undefined;
    plans.push(plan);
    bytes += plan.size;
  }
  const header = { ...batchFields, firstTimestamp, maxTimestamp, lastOffsetDelta: plans.length - 1 };
  const records = {
    count: plans.length,
    bytes,
    write(buffer: Buffer, at: number) {
      for (const plan of plans) at = writeRecord(plan, buffer, at);
      return at;
    },
  };
  return {
    partition,
    size: RECORD_BATCH_OVERHEAD + bytes,
    write: (buffer, at) => writeRecordBatch(header, records, buffer, at, int64, crc32c),
  };
}

/** The batch kafkajs's encoders (as patched) make, copied into the request. */
async function encodedBatch(
  partition: number,
  messages: Message[],
  batchFields: Record<string, unknown>,
  encoders: RecordEncoders,
): Promise<PartitionBatch> {
  const { firstTimestamp, maxTimestamp, deltaOf } = batchTimestamps(messages);
  const records = messages.map((message, i) => encoders.record({ ...message, offsetDelta: i, timestampDelta: deltaOf(message) }));
  const batch: Encoded = await encoders.batch({
    ...batchFields,
    compression: 0,
    records,
    firstTimestamp,
    maxTimestamp,
    lastOffsetDelta: records.length - 1,
  });
  return { partition, size: batch.offset, write: (buffer, at) => at + batch.buf.copy(buffer, at, 0, batch.offset) };
}

function stringSize(value: string | null): number {
  return INT16 + (value === null ? 0 : Buffer.byteLength(value));
}

/** A nullable string as kafkajs writes one: an int16 length (-1 for null), then UTF-8. */
function writeString(buffer: Buffer, at: number, value: string | null): number {
  if (value === null) return buffer.writeInt16BE(-1, at);
  const length = Buffer.byteLength(value);
  at = buffer.writeInt16BE(length, at);
  return at + buffer.write(value, at, length, 'utf8');
}
