// Record batch codecs for kafkajs, which decodes gzip only: a batch compressed with zstd, Snappy
// or LZ4 (a topic's compression.type, or another team's producer) threw a non-retriable error
// in the consumer's fetch and stopped every listener that took the partition (hostile reviews).
// zstd comes from node:zlib, as gzip does; Snappy and LZ4 from decoders of our own
// (snappy-batch.ts, lz4-frame.ts). All decompress into at most MAX_BATCH_BYTES: kafkajs's gzip had
// no bound, and a 255 KB batch of zeros became 256 MB in memory before any of our limits could
// look at a record.
import { promisify } from 'node:util';
import { constants, gzip, unzip, zstdCompress, zstdDecompress, type ZlibOptions, type ZstdOptions } from 'node:zlib';
import { DecompressedTooLargeError, MAX_BATCH_BYTES } from './batch-bounds.js';
import { fetchDecodeBudget } from './fetch-decode-budget.js';
import { decodeLz4Frame, Lz4FrameError } from './lz4-frame.js';
import { decodeSnappyBatch, encodeSnappyBatch, SnappyBatchError } from './snappy-batch.js';

export { MAX_BATCH_BYTES };

interface KafkaJsEncoder {
  buffer: Buffer;
}

export interface KafkaJsCodec {
  compress(encoder: KafkaJsEncoder): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}

const gzipAsync = promisify<Buffer, ZlibOptions, Buffer>(gzip);
const unzipAsync = promisify<Buffer, ZlibOptions, Buffer>(unzip);
const zstdCompressAsync = promisify<Buffer, ZstdOptions, Buffer>(zstdCompress);
const zstdDecompressAsync = promisify<Buffer, ZstdOptions, Buffer>(zstdDecompress);

/**
 * A record batch whose records cannot be had: too large decompressed, or corrupt. The consumer
 * sets such a batch aside (undecodable-batch.ts) rather than stop at it.
 */
export class BatchDecompressionError extends Error {
  override name = 'BatchDecompressionError';
}

/**
 * The bytes are no valid stream of their codec: our decoders' errors, zlib's (Z_DATA_ERROR,
 * Z_BUF_ERROR...) and zstd's (ZSTD_error_...). Anything else (memory, a module) is no fault of
 * the batch's, and must not set it aside.
 */
function isCorrupt(error: unknown): boolean {
  if (error instanceof Lz4FrameError || error instanceof SnappyBatchError) return true;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && (code.startsWith('Z_') || code.startsWith('ZSTD_error_'));
}

/**
 * Node's error for an output over maxOutputLength says nothing of Kafka: this one does. What a
 * batch decompresses to counts against its fetch response's budget (fetch-decode-budget.ts).
 */
async function bounded(codec: string, decompress: () => Promise<Buffer>): Promise<Buffer> {
  let decompressed: Buffer;
  try {
    decompressed = await decompress();
  } catch (error) {
    const tooLarge = error instanceof DecompressedTooLargeError || (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
    if (!tooLarge && !isCorrupt(error)) throw error;
    const why = tooLarge ? `decompresses to more than ${MAX_BATCH_BYTES} bytes` : `cannot be decompressed (${(error as Error).message})`;
    throw new BatchDecompressionError(`A ${codec} record batch ${why}`, { cause: error });
  }
  fetchDecodeBudget()?.charge(decompressed.length);
  return decompressed;
}

export const gzipCodec: KafkaJsCodec = {
  compress: ({ buffer }) => gzipAsync(buffer, {}),
  decompress: (buffer) => bounded('gzip', () => unzipAsync(buffer, { maxOutputLength: MAX_BATCH_BYTES })),
};

export const zstdCodec: KafkaJsCodec = {
  // Kafka's own default level.
  compress: ({ buffer }) => zstdCompressAsync(buffer, { params: { [constants.ZSTD_c_compressionLevel]: 3 } }),
  decompress: (buffer) => bounded('zstd', () => zstdDecompressAsync(buffer, { maxOutputLength: MAX_BATCH_BYTES })),
};

export const snappyCodec: KafkaJsCodec = {
  compress: async ({ buffer }) => encodeSnappyBatch(buffer),
  decompress: (buffer) => bounded('snappy', async () => decodeSnappyBatch(buffer, MAX_BATCH_BYTES)),
};

export const lz4Codec: KafkaJsCodec = {
  // Reading is what a consumer of other teams' topics needs; our producers write none.
  compress: () => Promise.reject(new Error('LZ4 record batches are read here, not written: produce with zstd, gzip or snappy')),
  decompress: (buffer) => bounded('lz4', async () => decodeLz4Frame(buffer, MAX_BATCH_BYTES)),
};
