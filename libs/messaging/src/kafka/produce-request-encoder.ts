// The body of an uncompressed produce request (v3, which kafkajs's v4-v7 reuse) in one buffer of
// exactly its size. kafkajs's own (produce/v3/request.js) gave each partition, each topic and the
// request an Encoder of its own, a zero-filled 512-byte buffer that it grew to the next power of
// two by allocating another zero-filled one and copying, so every record batch was allocated for
// and copied three times over before the request's header was even added: a tenth of the Kafka
// path's CPU in order-api. The records and batches are those kafkajs's encoders (as patched) make,
// the bytes the same; a unit test compares them with kafkajs's request.
import type { Encoded } from './record-batch-encoder.js';

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
}

const INT16 = 2;
const INT32 = 4;

/**
 * Each partition's record batch built as kafkajs's partition encoder builds it (its timestamps
 * sorted as it sorts them), then the request laid out around them.
 */
export async function encodeProduceRequest(
  { acks, timeout, transactionalId = null, producerId, producerEpoch = 0, topicData }: ProduceRequestFields,
  encoders: RecordEncoders,
): Promise<Buffer> {
  let size = stringSize(transactionalId) + INT16 + INT32 + INT32;
  const topics: { name: string; partitions: { partition: number; batch: Encoded }[] }[] = [];
  for (const { topic, partitions } of topicData) {
    size += stringSize(topic) + INT32;
    const encoded: { partition: number; batch: Encoded }[] = [];
    for (const { partition, firstSequence, messages } of partitions) {
      const batch = await recordBatch(
        messages,
        {
          producerId: producerId === undefined ? encoders.noProducerId : producerId,
          producerEpoch,
          firstSequence,
          transactional: !!transactionalId,
        },
        encoders,
      );
      size += INT32 + INT32 + batch.offset;
      encoded.push({ partition, batch });
    }
    topics.push({ name: topic, partitions: encoded });
  }

  const buffer = Buffer.allocUnsafe(size);
  let at = writeString(buffer, 0, transactionalId);
  at = buffer.writeInt16BE(acks, at);
  at = buffer.writeInt32BE(timeout, at);
  at = buffer.writeInt32BE(topics.length, at);
  for (const { name, partitions } of topics) {
    at = writeString(buffer, at, name);
    at = buffer.writeInt32BE(partitions.length, at);
    for (const { partition, batch } of partitions) {
      at = buffer.writeInt32BE(partition, at);
      at = buffer.writeInt32BE(batch.offset, at);
      at += batch.buf.copy(buffer, at, 0, batch.offset);
    }
  }
  // The buffer is not zero-filled: a byte left unwritten would send whatever memory held before.
  if (at !== size) throw new Error(`produce request: wrote ${at} of ${size} bytes`);
  return buffer;
}

/** kafkajs's partitionsEncoder up to the batch, quirks included: timestamps sort as strings. */
function recordBatch(messages: Message[], batchFields: Record<string, unknown>, encoders: RecordEncoders): Promise<Encoded> {
  const dateNow = Date.now();
  const messageTimestamps = messages
    .map((message) => message.timestamp)
    .filter((timestamp) => timestamp != null)
    .sort();
  const timestamps = messageTimestamps.length === 0 ? [dateNow] : messageTimestamps;
  const firstTimestamp = timestamps[0];
  const maxTimestamp = timestamps[timestamps.length - 1];
  const records = messages.map((message, i) =>
    encoders.record({
      ...message,
      offsetDelta: i,
      timestampDelta: ((message.timestamp as number) || dateNow) - (firstTimestamp as number),
    }),
  );
  return encoders.batch({
    ...batchFields,
    compression: 0,
    records,
    firstTimestamp,
    maxTimestamp,
    lastOffsetDelta: records.length - 1,
  });
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
