// `--since` takes an ISO 8601 time with its zone (or a UTC date) or a duration back from now:
// 90s, 30m, 2h, 7d. A time without a zone would silently mean the machine's local time.
const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

export function parseSince(text: string, now = Date.now()): Date {
  const duration = /^(\d+)([smhd])$/.exec(text.trim());
  if (duration) return new Date(now - Number(duration[1]) * UNIT_MS[duration[2] as string]!);
  const time = ISO_TIME.test(text.trim()) ? Date.parse(text.trim()) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new Error(
      `--since must be an ISO 8601 time with a zone (2026-11-25T09:00:00Z), a date, or a duration like 30m, 2h, 7d; got '${text}'`,
    );
  }
  return new Date(time);
}
