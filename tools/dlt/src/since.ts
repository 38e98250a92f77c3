// `--since` takes an ISO 8601 time or a duration back from now: 90s, 30m, 2h, 7d.
const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseSince(text: string, now = Date.now()): Date {
  const duration = /^(\d+)([smhd])$/.exec(text.trim());
  if (duration) return new Date(now - Number(duration[1]) * UNIT_MS[duration[2] as string]!);
  const time = Date.parse(text);
  if (Number.isNaN(time)) throw new Error(`--since must be an ISO 8601 time or a duration like 30m, 2h, 7d; got '${text}'`);
  return new Date(time);
}
