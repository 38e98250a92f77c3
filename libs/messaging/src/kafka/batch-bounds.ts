/**
 * What one compressed record batch may decompress to. Far above any batch a producer makes
 * (Java's batch.size is 16 KB, ours 512 KB, before compression), far below what the listener's
 * 512 MiB can hold.
 */
export const MAX_BATCH_BYTES = 64 * 1024 * 1024;

/** A record batch that decompresses beyond what a consumer will hold, said before it is held. */
export class DecompressedTooLargeError extends Error {
  override name = 'DecompressedTooLargeError';
}
