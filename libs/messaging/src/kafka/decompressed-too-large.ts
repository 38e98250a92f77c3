/** A record batch that decompresses beyond what a consumer will hold, said before it is held. */
export class DecompressedTooLargeError extends Error {
  override name = 'DecompressedTooLargeError';
}
