// Readers and writers for the Kafka protocol's primitive types (big-endian, int16-length
// strings, int32-length bytes and arrays), for the few requests this library frames itself.

export class Writer {
  private readonly parts: Buffer[] = [];

  int8(value: number): this {
    return this.push(1, (b) => b.writeInt8(value));
  }

  int16(value: number): this {
    return this.push(2, (b) => b.writeInt16BE(value));
  }

  int32(value: number): this {
    return this.push(4, (b) => b.writeInt32BE(value));
  }

  string(value: string | null): this {
    if (value === null) return this.int16(-1);
    const bytes = Buffer.from(value, 'utf8');
    this.int16(bytes.length);
    this.parts.push(bytes);
    return this;
  }

  bytes(value: Buffer): this {
    this.int32(value.length);
    this.parts.push(value);
    return this;
  }

  array<T>(items: readonly T[], write: (item: T) => void): this {
    this.int32(items.length);
    for (const item of items) write(item);
    return this;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.parts);
  }

  private push(size: number, write: (buffer: Buffer) => void): this {
    const buffer = Buffer.alloc(size);
    write(buffer);
    this.parts.push(buffer);
    return this;
  }
}

export class Reader {
  private at = 0;

  constructor(private readonly buffer: Buffer) {}

  int16(): number {
    const value = this.buffer.readInt16BE(this.at);
    this.at += 2;
    return value;
  }

  int32(): number {
    const value = this.buffer.readInt32BE(this.at);
    this.at += 4;
    return value;
  }

  string(): string | null {
    const length = this.int16();
    if (length < 0) return null;
    const value = this.buffer.toString('utf8', this.at, this.at + length);
    this.at += length;
    return value;
  }

  bytes(): Buffer | null {
    const length = this.int32();
    if (length < 0) return null;
    const value = this.buffer.subarray(this.at, this.at + length);
    this.at += length;
    return value;
  }

  array<T>(read: () => T): T[] {
    const items: T[] = [];
    for (let count = this.int32(); count > 0; count--) items.push(read());
    return items;
  }
}
