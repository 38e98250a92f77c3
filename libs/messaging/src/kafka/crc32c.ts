// CRC-32C (Castagnoli), the checksum of every Kafka record batch, eight bytes per step
// ("slicing-by-8") where kafkajs's own goes byte by byte: the producer sums each batch it
// sends, and byte by byte took about 2.3 ns a byte (3 µs for a 1.3 KB order) on this machine.

/** The reflected Castagnoli polynomial. */
const POLYNOMIAL = 0x82f63b78;
const SLICES = 8;

/** SLICES tables of 256: table k gives the CRC of a byte followed by k zero bytes. */
const TABLE = buildTable();

function buildTable(): Int32Array {
  const table = new Int32Array(256 * SLICES);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ POLYNOMIAL : crc >>> 1;
    table[byte] = crc;
  }
  for (let slice = 1; slice < SLICES; slice++) {
    for (let byte = 0; byte < 256; byte++) {
      const previous = table[(slice - 1) * 256 + byte]!;
      table[slice * 256 + byte] = (previous >>> 8) ^ table[previous & 0xff]!;
    }
  }
  return table;
}

/** The CRC-32C of `bytes`, as an unsigned 32-bit number. */
export function crc32c(bytes: Uint8Array): number {
  const t = TABLE;
  let crc = -1;
  let i = 0;
  for (const whole = bytes.length - (bytes.length % SLICES); i < whole; i += SLICES) {
    const low = crc ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
    crc =
      t[7 * 256 + (low & 0xff)]! ^
      t[6 * 256 + ((low >>> 8) & 0xff)]! ^
      t[5 * 256 + ((low >>> 16) & 0xff)]! ^
      t[4 * 256 + (low >>> 24)]! ^
      t[3 * 256 + bytes[i + 4]!]! ^
      t[2 * 256 + bytes[i + 5]!]! ^
      t[256 + bytes[i + 6]!]! ^
      t[bytes[i + 7]!]!;
  }
  for (; i < bytes.length; i++) crc = t[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}
