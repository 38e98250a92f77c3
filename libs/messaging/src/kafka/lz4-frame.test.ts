import { describe, expect, it } from 'vitest';
import { DecompressedTooLargeError } from './batch-bounds.js';
import { decodeLz4Frame, Lz4FrameError } from './lz4-frame.js';

const tacos = Array.from({ length: 9000 }, (_, i) => `taco ${i % 50}`).join(',');
// Written by Kafka 4.4's own Lz4BlockOutputStream (as its producers and brokers compress a batch):
// two 64 KB blocks, the second referring back into the first.
const JAVA_FRAME = Buffer.from(
  'BCJNGGBAgtIBAABxdGFjbyAwLAcAEjEHABIyBwASMwcAEjQHABI1BwASNgcAEjcHABI4BwASOQcAFDFHAANIABMxSQATMUoAEzFLABMxTAATMU0AEzFOABMxTwATMVAAEzJQABQymAADUAATMlAAEzJQABMyUAATMlAAEzJQABMyUAATMlAAEzNQABMzUAAUM+kAA1AAEzNQABMzUAATM1AAEzNQABMzUAATM1AAEzRQABM0UAATNFAAFDQ6AQNQABM0UAATNFAAEzRQABM0UAA/NDkshgH///////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////////9hUCAxLHRh5AAAALJjbyAyLHRhY28gMwcAEjQHABI1BwASNgcAEjcHABI4BwASOQcAIzEwCAATMQgAA0kAEzFKABMxSwATMUwAEzFNABMxTgATMU8AEzFQABMyUAATMlAAEzJQABMyUAATMlAAEzJQABMyUAATMlAAEzJQABMyUAATM1AAEzNQABQz6QADUAATM1AAEzNQABMzUAATM1AAEzNQABMzUAATNFAAEzRQABM0UAAUNDoBA1AAEzRQABM0UAATNFAAEzRQABM0UAAEPwECBwAPhgH/////////////////////plBjbyA0OQAAAAA=',
  'base64',
);

/** A frame of the given flags, block size code and blocks (each a block's size word and bytes). */
function frame(blocks: Buffer[], { flags = 0x60, blockSizeCode = 4, contentSize = false } = {}): Buffer {
  const header = [0x04, 0x22, 0x4d, 0x18, flags | (contentSize ? 0x08 : 0), blockSizeCode << 4];
  return Buffer.concat([Buffer.from(header), Buffer.alloc(contentSize ? 8 : 0), Buffer.from([0]), ...blocks, Buffer.alloc(4)]);
}

function block(bytes: number[] | Buffer, { uncompressed = false, checksum = false } = {}): Buffer {
  const data = Buffer.from(bytes);
  const size = Buffer.alloc(4);
  size.writeUInt32LE((data.length | (uncompressed ? 0x80000000 : 0)) >>> 0);
  return Buffer.concat([size, data, Buffer.alloc(checksum ? 4 : 0)]);
}

/** One literal 'a', then a match of it 4 + 15 + 255 * runs + last bytes long, then literal 'b'. */
function run(runs: number, last = 0): number[] {
  return [0x1f, 0x61, 0x01, 0x00, ...Array<number>(runs).fill(255), last, 0x10, 0x62];
}

describe('decodeLz4Frame', () => {
  it('should decode a frame written by Kafka', () => {
    expect(decodeLz4Frame(JAVA_FRAME, 1024 * 1024).toString()).toBe(tacos);
  });

  it('should take blocks stored uncompressed, block checksums and a declared content size', () => {
    const decoded = decodeLz4Frame(
      frame([block(Buffer.from('tacos '), { uncompressed: true, checksum: true }), block(run(0), { checksum: true })], {
        flags: 0x70,
        contentSize: true,
      }),
      1024,
    );
    expect(decoded.toString()).toBe(`tacos ${'a'.repeat(20)}b`);
  });

  it('should repeat a match that overlaps what it copies', () => {
    expect(decodeLz4Frame(frame([block(run(3, 7))]), 1024).toString()).toBe(`${'a'.repeat(1 + 4 + 15 + 255 * 3 + 7)}b`);
  });

  it('should refuse a frame that decodes beyond the bound before holding it', () => {
    expect(() => decodeLz4Frame(frame([block(run(3))]), 500)).toThrow(DecompressedTooLargeError);
    expect(() => decodeLz4Frame(JAVA_FRAME, tacos.length - 1)).toThrow(DecompressedTooLargeError);
  });

  it('should refuse a block that decodes to more than the frame allows it', () => {
    // 64 KB blocks; this one holds 1 + 4 + 15 + 255 * 300 bytes of 'a'.
    expect(() => decodeLz4Frame(frame([block(run(300))]), 1024 * 1024)).toThrow('A block decodes to more than');
  });

  // Every length in a frame is the writer's word: a hostile or torn frame must end in an error,
  // not in a read past its end or a loop.
  it('should refuse every cut-short frame', () => {
    for (let length = 0; length < JAVA_FRAME.length - 4; length++) {
      expect(() => decodeLz4Frame(JAVA_FRAME.subarray(0, length), 1024 * 1024), `cut at ${length}`).toThrow(Lz4FrameError);
    }
  });

  it.each([
    ['no LZ4 magic', Buffer.from('not an lz4 frame at all'), 'wrong magic number'],
    ['a version of its own', frame([], { flags: 0xa0 }), 'Unknown LZ4 frame version'],
    ['a dictionary', frame([], { flags: 0x61 }), 'dictionary'],
    ['no valid block size', frame([], { blockSizeCode: 2 }), 'no valid block size'],
    ['a block over its block size', frame([block(Buffer.alloc(70_000), { uncompressed: true })]), 'is over the frame'],
    ['a match at offset 0', frame([block([0x10, 0x61, 0x00, 0x00, 0x10, 0x62])]), 'refers 0 bytes back'],
    ['a match before the start', frame([block([0x10, 0x61, 0x02, 0x00, 0x10, 0x62])]), 'refers 2 bytes back'],
    ['a literal run past its block', frame([block([0x50, 0x61])]), 'literal run goes past'],
  ])('should refuse a frame with %s', (_name, bad, message) => {
    expect(() => decodeLz4Frame(bad, 1024 * 1024)).toThrow(message);
  });
});
