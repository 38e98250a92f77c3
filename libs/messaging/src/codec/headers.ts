// Header values as kafkajs hands them over (Buffer, string, arrays or undefined), as strings.

export function decodeHeaders(raw: Record<string, unknown> | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined && last !== null) headers[name] = Buffer.isBuffer(last) ? last.toString('utf8') : String(last);
  }
  return headers;
}
