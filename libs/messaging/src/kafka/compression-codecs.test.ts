import { gzipSync, zstdCompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gzipCodec, MAX_BATCH_BYTES, zstdCodec } from './compression-codecs.js';

describe('record batch codecs', () => {
  it.each([
    ['gzip', gzipCodec],
    ['zstd', zstdCodec],
  ])('%s should give back what it compressed', async (_name, codec) => {
    const batch = Buffer.from(JSON.stringify({ tacos: Array.from({ length: 200 }, (_, i) => `taco ${i}`) }));
    expect(await codec.decompress(await codec.compress({ buffer: batch }))).toEqual(batch);
  });

  // Found by a hostile review: kafkajs's gzip inflated a 255 KB batch of zeros to 256 MB.
  it.each([
    ['gzip', gzipCodec, gzipSync],
    ['zstd', zstdCodec, zstdCompressSync],
  ])('%s should refuse a batch that decompresses beyond the bound, saying so', async (name, codec, compress) => {
    const bomb = compress(Buffer.alloc(MAX_BATCH_BYTES + 1));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await expect(codec.decompress(bomb)).rejects.toThrow(`A ${name} record batch decompresses to more than ${MAX_BATCH_BYTES} bytes`);
  });
});
