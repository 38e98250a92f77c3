// Snappy as Kafka's producers write it into a record batch: Java's (snappy-java's stream) in
// xerial framing, a header then chunks each prefixed by its size; librdkafka and kafkajs-snappy
// in one raw Snappy block. The raw blocks are snappyjs's, plain JavaScript; what it allocates is
// the length a block declares, so each declaration is checked against what is left of the bound
// before it is believed.
import { createRequire } from 'node:module';
import { DecompressedTooLargeError } from './batch-bounds.js';

interface SnappyJs {
  compress(input: Buffer): Buffer;
  uncompress(input: Buffer, maxLength?: number): Buffer;
}

// Loaded when the first Snappy batch comes: most processes never see one.
let snappyjs: SnappyJs | undefined;
const snappy = (): SnappyJs => (snappyjs ??= createRequire(import.meta.url)('snappyjs') as SnappyJs);

const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
/** The magic, then two int32s (the stream's version and the oldest version it is compatible with). */
const XERIAL_HEADER_BYTES = 16;

export class SnappyBatchError extends Error {
  override name = 'SnappyBatchError';
}

/** Decodes a Snappy record batch, framed or raw, into at most `maxBytes`. */
export function decodeSnappyBatch(batch: Buffer, maxBytes: number): Buffer {
  if (batch.length < XERIAL_HEADER_BYTES || !batch.subarray(0, XERIAL_MAGIC.length).equals(XERIAL_MAGIC)) return block(batch, maxBytes);
  const chunks: Buffer[] = [];
  let left = maxBytes;
  for (let at = XERIAL_HEADER_BYTES; at < batch.length;) {
    if (at + 4 > batch.length) throw new SnappyBatchError('The Snappy stream ends inside a chunk size');
    const size = batch.readUInt32BE(at);
    at += 4;
    if (at + size > batch.length) throw new SnappyBatchError('The Snappy stream ends inside a chunk');
    const chunk = block(batch.subarray(at, at + size), left);
    chunks.push(chunk);
    left -= chunk.length;
    at += size;
  }
  return Buffer.concat(chunks);
}

/** Compresses a batch as one raw Snappy block, which Java's consumer and librdkafka read. */
export function encodeSnappyBatch(batch: Buffer): Buffer {
  return snappy().compress(batch);
}

function block(input: Buffer, maxBytes: number): Buffer {
  const declared = declaredLength(input);
  if (declared > maxBytes) throw new DecompressedTooLargeError(`A Snappy block declares ${declared} bytes, over the ${maxBytes} left`);
  try {
    return snappy().uncompress(input, maxBytes);
  } catch (error) {
    throw new SnappyBatchError(`A Snappy block cannot be decoded: ${(error as Error).message}`, { cause: error });
  }
}

/** The varint a raw Snappy block starts with: its length decoded. -1 when there is none. */
function declaredLength(input: Buffer): number {
  let length = 0;
  for (let i = 0; i < 5 && i < input.length; i++) {
    const byte = input[i]!;
    length += (byte & 0x7f) * 2 ** (7 * i);
    if (byte < 0x80) return length;
  }
  return -1;
}
