// Header values as kafkajs hands them over (Buffer, string, arrays or undefined), as strings.

export function decodeHeaders(raw: Record<string, unknown> | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  // kafkajs gives undefined for a record without headers; a JavaScript caller may pass null.
  if (raw === undefined || raw === null) return headers;
  for (const name of Object.keys(raw)) {
    const value = raw[name];
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last === undefined || last === null) continue;
    const text = Buffer.isBuffer(last) ? last.toString('utf8') : String(last);
    // Anyone may name a header `__proto__`: kept as a header, not taken for the object's prototype.
    if (name === '__proto__') Object.defineProperty(headers, name, { value: text, enumerable: true, writable: true, configurable: true });
    else headers[name] = text;
  }
  return headers;
}
