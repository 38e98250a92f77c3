import { gzipSync, zstdCompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gzipCodec, lz4Codec, MAX_BATCH_BYTES, snappyCodec, zstdCodec } from './compression-codecs.js';

/** An LZ4 frame of 4 MB blocks, each one literal and a match of it nearly 4 MB long: 71 MB in 280 KB. */
function lz4Bomb(): Buffer {
  const block = Buffer.from([0x1f, 0x61, 0x01, 0x00, ...Array<number>(16_440).fill(255), 0, 0x10, 0x62]);
  const size = Buffer.alloc(4);
  size.writeUInt32LE(block.length);
  return Buffer.concat([
    Buffer.from([0x04, 0x22, 0x4d, 0x18, 0x60, 0x70, 0x00]),
    ...Array.from({ length: 17 }, () => [size, block]).flat(),
    Buffer.alloc(4),
  ]);
}

describe('record batch codecs', () => {
  it.each([
    ['gzip', gzipCodec],
    ['zstd', zstdCodec],
    ['snappy', snappyCodec],
  ])('%s should give back what it compressed', async (_name, codec) => {
    const batch = Buffer.from(JSON.stringify({ tacos: Array.from({ length: 200 }, (_, i) => `taco ${i}`) }));
    expect(await codec.decompress(await codec.compress({ buffer: batch }))).toEqual(batch);
  });

  it('lz4 should say it writes no batches', async () => {
    await expect(lz4Codec.compress({ buffer: Buffer.from('tacos') })).rejects.toThrow('LZ4 record batches are read here, not written');
  });

  // Found by a hostile review: kafkajs's gzip inflated a 255 KB batch of zeros to 256 MB.
  it.each([
    ['gzip', gzipCodec, () => gzipSync(Buffer.alloc(MAX_BATCH_BYTES + 1))],
    ['zstd', zstdCodec, () => zstdCompressSync(Buffer.alloc(MAX_BATCH_BYTES + 1))],
    ['snappy', snappyCodec, () => snappyCodec.compress({ buffer: Buffer.alloc(MAX_BATCH_BYTES + 1) })],
    ['lz4', lz4Codec, lz4Bomb],
  ])('%s should refuse a batch that decompresses beyond the bound, saying so', async (name, codec, compress) => {
    const bomb = await compress();
    expect(bomb.length).toBeLessThan(4 * 1024 * 1024);
    await expect(codec.decompress(bomb)).rejects.toThrow(`A ${name} record batch decompresses to more than ${MAX_BATCH_BYTES} bytes`);
  });
});
