// Snappy as Kafka's producers write it into a record batch: Java's (snappy-java's stream) in
// xerial framing, a header then chunks each prefixed by its size; librdkafka and kafkajs-snappy
// in one raw Snappy block (github.com/google/snappy, format_description.txt). Raw blocks are
// decoded here: snappyjs, the plain JavaScript package, read a literal's 4-byte length as a
// negative number and stepped back through its input for ever (a hostile review's six bytes),
// and allocates whatever length a block declares. Here each length is checked against the input
// left, the declared length and the bound. Compressing stays snappyjs's: it only sees our bytes.
import { createRequire } from 'node:module';
import { copyBack } from './back-reference.js';
import { DecompressedTooLargeError } from './batch-bounds.js';

interface SnappyJs {
  compress(input: Buffer): Buffer;
}

// Loaded when a batch is first compressed with Snappy: most processes never do.
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
  const { length, at: start } = declaredLength(input);
  if (length > maxBytes) throw new DecompressedTooLargeError(`A Snappy block declares ${length} bytes, over the ${maxBytes} left`);
  const output = Buffer.allocUnsafe(length);
  let written = 0;
  for (let at = start; at < input.length;) {
    const tag = input[at++]!;
    const kind = tag & 0x03;
    if (kind === 0) {
      let literal = (tag >>> 2) + 1;
      if (literal > 60) {
        const bytes = literal - 60;
        if (at + bytes > input.length) throw new SnappyBatchError('A Snappy literal length goes past the block');
        literal = input.readUIntLE(at, bytes) + 1;
        at += bytes;
      }
      if (at + literal > input.length) throw new SnappyBatchError('A Snappy literal goes past the block');
      if (written + literal > length) throw new SnappyBatchError('A Snappy block holds more than it declares');
      written += input.copy(output, written, at, at + literal);
      at += literal;
      continue;
    }
    // A copy: `bytes` bytes from `offset` back in the output, overlapping itself when shorter.
    const offsetBytes = kind === 1 ? 1 : kind === 2 ? 2 : 4;
    if (at + offsetBytes > input.length) throw new SnappyBatchError('A Snappy copy goes past the block');
    const bytes = kind === 1 ? ((tag >>> 2) & 0x07) + 4 : (tag >>> 2) + 1;
    const offset = kind === 1 ? ((tag >>> 5) << 8) | input[at]! : input.readUIntLE(at, offsetBytes);
    at += offsetBytes;
    if (offset === 0 || offset > written)
      throw new SnappyBatchError(`A Snappy copy refers ${offset} bytes back, before the output's start`);
    if (written + bytes > length) throw new SnappyBatchError('A Snappy block holds more than it declares');
    written = copyBack(output, written, offset, bytes);
  }
  if (written !== length) throw new SnappyBatchError(`A Snappy block declares ${length} bytes but holds ${written}`);
  return output;
}

/** The varint a raw Snappy block starts with (its length once decoded), and where the block goes on. */
function declaredLength(input: Buffer): { length: number; at: number } {
  let length = 0;
  for (let i = 0; i < 5 && i < input.length; i++) {
    const byte = input[i]!;
    length += (byte & 0x7f) * 2 ** (7 * i);
    if (byte < 0x80) return { length, at: i + 1 };
  }
  throw new SnappyBatchError('A Snappy block starts with no length');
}
