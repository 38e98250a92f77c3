import { describe, expect, it } from 'vitest';
import { DecompressedTooLargeError } from './batch-bounds.js';
import { decodeSnappyBatch, encodeSnappyBatch, SnappyBatchError } from './snappy-batch.js';

const tacos = Array.from({ length: 9000 }, (_, i) => `taco ${i % 50}`).join(',');
// Written by snappy-java's SnappyOutputStream, as Kafka's Java producers and brokers compress a
// batch, in chunks of 1 KB: the first 3,000 bytes of tacos.
const JAVA_STREAM = Buffer.from(
  'glNOQVBQWQAAAAABAAAAAQAAAP+ACBh0YWNvIDAsBQcAMQkHADIJBwAzCQcANAkHADUJBwA2CQcANwkHADgJBwA5CQcAMRFHDUgAMQ1JADENSgAxDUsAMQ1MADENTQAxDU4AMQ1PBDE5CVAAMg1QADINUAAyDVAAMg1QADINUAAyDVAAMg1QADINUAAyDVAAMg1QADMNUAAzDVAAMw1QADMNUAAzDVAAMw1QADMNUAQzNwmQADMNUAAzDVAANA1QADQNUAA0DVAANA1QADQNUAA0DVAANA1QADQNUAA0DVAANA1QDU8NTg1NEUwJgw1KDUkNSA1HDUb+hgH+hgH+hgH+hgH+hgH+hgH+hgH+hgG6hgEAAADagAggMSx0YWNvIDMyDQgAMw0IADQNCAA1DQgANg0IADcNCAA4DQgAOQkIBDQwDQgNUAA0DVAANA1QADQNUAA0DVAANA1QADQNUAA0DVAANA1QDU8NTg1NEUwJaw1KDUkNSA1HDUYAMRFHDUgAMQ1JADENSgAxDUsAMQ1MADENTQAxDU4AMQ1PBDE5CXMAMg1QADINUAAyDVAAMg1QADINUAAyDVAAMg1QADINUAAyDVAAMg1QADMNUAAzDVD+hgH+hgH+hgH+hgH+hgH+hgH+hgH+hgH+hgHKhgEAAADVuAcoIDEzLHRhY28gMTQNCAA1DQgANg0IADcNCAA4DQgAOQkIBDIwDQgAMQ0IADINCA1QADINUAAyDVAAMg1QADINUAAyDVAAMg1QADMNUAAzDVAAMw1QADMNUAAzDVAAMw1QADMNUAQzNwl4ADMNUAAzDVAANA1QADQNUAA0DVAANA1QADQNUAA0DVAANA1QADQNUAA0DVAANA1QDU8NTg1NEUwJgw1KDUkNSA1HDUYAMRFHDUgAMQ1J/oYB/oYB/oYB/oYB/oYB/oYB/oYB/oYBwoYB',
  'base64',
);

describe('decodeSnappyBatch', () => {
  it('should decode a stream written by Kafka, chunk after chunk', () => {
    expect(decodeSnappyBatch(JAVA_STREAM, 1024 * 1024).toString()).toBe(tacos.slice(0, 3000));
  });

  it('should decode the raw block it writes, as librdkafka writes one', () => {
    expect(decodeSnappyBatch(encodeSnappyBatch(Buffer.from(tacos)), 1024 * 1024).toString()).toBe(tacos);
  });

  it('should refuse a block declaring more than the bound before allocating it', () => {
    // The varint 0xffffffff: 4 GB declared in five bytes.
    expect(() => decodeSnappyBatch(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x00]), 1024 * 1024)).toThrow(DecompressedTooLargeError);
    expect(() => decodeSnappyBatch(encodeSnappyBatch(Buffer.from(tacos)), tacos.length - 1)).toThrow(DecompressedTooLargeError);
  });

  it('should count every chunk of a stream against the bound', () => {
    expect(() => decodeSnappyBatch(JAVA_STREAM, 2500)).toThrow(DecompressedTooLargeError);
  });

  // A stream cut between two chunks is a shorter stream; cut anywhere else, it is refused.
  it('should refuse every stream cut short inside a chunk', () => {
    const outcomes = Array.from({ length: JAVA_STREAM.length - 17 }, (_, i) => {
      try {
        return decodeSnappyBatch(JAVA_STREAM.subarray(0, 17 + i), 1024 * 1024).toString();
      } catch (error) {
        return error instanceof SnappyBatchError ? 'refused' : String(error);
      }
    });
    const decoded = outcomes.filter((outcome) => outcome !== 'refused');
    expect(decoded).toEqual([tacos.slice(0, 1024), tacos.slice(0, 2048)]);
  });

  it.each([
    ['bytes that are no Snappy', [0x05, 0xff, 0xff], 'goes past the block'],
    // Found by a hostile review: snappyjs read this literal's length as negative and looped for ever.
    ['a literal whose 4-byte length has its top bit set', [0x00, 0xfc, 0xfa, 0xff, 0xff, 0xff], 'literal goes past the block'],
    ['a copy from before the output', [0x04, 0x00, 0x61, 0x05, 0x02], 'refers 2 bytes back'],
    ['a copy at offset 0', [0x04, 0x00, 0x61, 0x05, 0x00], 'refers 0 bytes back'],
    ['more than it declares', [0x01, 0x04, 0x61, 0x62], 'holds more than it declares'],
    ['less than it declares', [0x03, 0x00, 0x61], 'declares 3 bytes but holds 1'],
    ['no length', [0x80, 0x80], 'starts with no length'],
  ])('should refuse %s', (_name, bytes, message) => {
    expect(() => decodeSnappyBatch(Buffer.from(bytes), 1024)).toThrow(message);
  });

  it('should repeat a copy that overlaps what it copies', () => {
    // 'a', then 9 bytes from 1 back: ten a's.
    expect(decodeSnappyBatch(Buffer.from([0x0a, 0x00, 0x61, 0x15, 0x01]), 1024).toString()).toBe('a'.repeat(10));
  });
});
