// The LZ4 frame format (github.com/lz4/lz4, doc/lz4_Frame_format.md), decoded as Kafka writes
// it into a record batch. Written here rather than taken from npm: the LZ4 packages there are
// native bindings (an install script, a build per platform) or, in plain JavaScript (lz4js),
// trust every length a frame declares: reading past the input and writing past the output
// without a word. Here every length is checked against the input left and the output allowed.

import { copyBack } from './back-reference.js';
import { DecompressedTooLargeError } from './batch-bounds.js';

const MAGIC = 0x184d2204;
const BLOCK_MAX_BYTES: Readonly<Record<number, number>> = { 4: 64 * 1024, 5: 256 * 1024, 6: 1024 * 1024, 7: 4 * 1024 * 1024 };
const UNCOMPRESSED_BLOCK = 0x80000000;
const MIN_MATCH = 4;

export class Lz4FrameError extends Error {
  override name = 'Lz4FrameError';
}

/** Decodes one LZ4 frame into at most `maxBytes`; throws Lz4FrameError on anything else. */
export function decodeLz4Frame(frame: Buffer, maxBytes: number): Buffer {
  const output = new GrowingOutput(frame.length, maxBytes);
  const { blockMaxBytes, blockChecksum, ...first } = readHeader(frame);
  let { at } = first;
  for (;;) {
    need(frame, at, 4, 'a block size');
    const word = frame.readUInt32LE(at);
    at += 4;
    if (word === 0) return output.result();
    const size = word & ~UNCOMPRESSED_BLOCK;
    if (size > blockMaxBytes) throw new Lz4FrameError(`A block of ${size} bytes is over the frame's ${blockMaxBytes}`);
    need(frame, at, size + (blockChecksum ? 4 : 0), 'a block');
    const start = output.length;
    if ((word & UNCOMPRESSED_BLOCK) !== 0) output.copyFrom(frame, at, size);
    else decodeBlock(frame, at, at + size, output);
    if (output.length - start > blockMaxBytes) throw new Lz4FrameError(`A block decodes to more than the frame's ${blockMaxBytes} bytes`);
    at += size + (blockChecksum ? 4 : 0);
  }
}

/** Checks magic and version; says where the first block starts and how blocks are laid out. */
function readHeader(frame: Buffer): { at: number; blockMaxBytes: number; blockChecksum: boolean } {
  need(frame, 0, 7, 'its header');
  if (frame.readUInt32LE(0) !== MAGIC) throw new Lz4FrameError('Not an LZ4 frame (wrong magic number)');
  const flags = frame[4]!;
  if ((flags & 0xc0) !== 0x40) throw new Lz4FrameError(`Unknown LZ4 frame version ${flags >> 6}`);
  if ((flags & 0x01) !== 0) throw new Lz4FrameError('LZ4 frames with a dictionary are not supported');
  const blockMaxBytes = BLOCK_MAX_BYTES[(frame[5]! >> 4) & 0x7];
  if (blockMaxBytes === undefined) throw new Lz4FrameError('The LZ4 frame names no valid block size');
  // Magic, FLG, BD, the content size when given, then the header checksum, not verified: Kafka
  // before 0.10 wrote it wrongly, and the batch's own CRC covers these bytes.
  return { at: 4 + 2 + ((flags & 0x08) !== 0 ? 8 : 0) + 1, blockMaxBytes, blockChecksum: (flags & 0x10) !== 0 };
}

function need(frame: Buffer, at: number, bytes: number, what: string): void {
  if (at + bytes > frame.length) throw new Lz4FrameError(`The LZ4 frame ends inside ${what}`);
}

/** One block's sequences: literals, then a match copied from the output so far. */
function decodeBlock(frame: Buffer, at: number, end: number, output: GrowingOutput): void {
  while (at < end) {
    const token = frame[at++]!;
    let literals = token >> 4;
    if (literals === 15) ({ value: literals, at } = extendedLength(frame, at, end, literals));
    if (at + literals > end) throw new Lz4FrameError('A literal run goes past its block');
    output.copyFrom(frame, at, literals);
    at += literals;
    // The last sequence of a block has literals only.
    if (at === end) return;
    if (at + 2 > end) throw new Lz4FrameError('A match offset goes past its block');
    const offset = frame.readUInt16LE(at);
    at += 2;
    let length = token & 0x0f;
    if (length === 15) ({ value: length, at } = extendedLength(frame, at, end, length));
    output.repeat(offset, length + MIN_MATCH);
  }
}

function extendedLength(frame: Buffer, at: number, end: number, start: number): { value: number; at: number } {
  let value = start;
  for (;;) {
    if (at >= end) throw new Lz4FrameError('A length goes past its block');
    const byte = frame[at++]!;
    value += byte;
    if (byte !== 255) return { value, at };
  }
}

/** The decoded bytes, grown by doubling up to a bound, so memory follows what a frame really holds. */
class GrowingOutput {
  private buffer: Buffer;
  length = 0;

  constructor(
    inputBytes: number,
    private readonly maxBytes: number,
  ) {
    this.buffer = Buffer.allocUnsafe(Math.min(maxBytes, Math.max(64 * 1024, inputBytes * 4)));
  }

  copyFrom(source: Buffer, at: number, bytes: number): void {
    this.reserve(bytes);
    this.length += source.copy(this.buffer, this.length, at, at + bytes);
  }

  /** LZ4's match: `bytes` bytes from `offset` back, overlapping itself when the offset is shorter. */
  repeat(offset: number, bytes: number): void {
    if (offset === 0 || offset > this.length) throw new Lz4FrameError(`A match refers ${offset} bytes back, before the output's start`);
    this.reserve(bytes);
    this.length = copyBack(this.buffer, this.length, offset, bytes);
  }

  result(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  private reserve(bytes: number): void {
    const needed = this.length + bytes;
    if (needed <= this.buffer.length) return;
    if (needed > this.maxBytes) throw new DecompressedTooLargeError(`The LZ4 frame decodes to more than ${this.maxBytes} bytes`);
    const grown = Buffer.allocUnsafe(Math.min(this.maxBytes, Math.max(needed, this.buffer.length * 2)));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}
