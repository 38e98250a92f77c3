/**
 * The copy LZ4 and Snappy both decode to: `bytes` bytes from `offset` back of `at` in `buffer`,
 * written at `at`, overlapping themselves when the offset is shorter (a run). The caller has
 * checked that the offset lies within what is written and that the bytes fit. Returns the end.
 */
export function copyBack(buffer: Buffer, at: number, offset: number, bytes: number): number {
  const from = at - offset;
  let to = at;
  // [from, to) repeats with the offset as its period, and doubles each round without overlap.
  for (let left = bytes; left > 0;) {
    const chunk = Math.min(left, to - from);
    buffer.copy(buffer, to, from, from + chunk);
    to += chunk;
    left -= chunk;
  }
  return to;
}
