// Record headers that identify a message on the wire, for our listeners and for teams
// that read the topic with other clients (the role of Spring's __TypeId__ header).
export const Headers = {
  messageType: 'message-type',
  messageVersion: 'message-version',
  contentType: 'content-type',
  correlationId: 'correlation-id',
  messageId: 'message-id',
} as const;

export const JSON_CONTENT_TYPE = 'application/json';

/** kafkajs gives header values as Buffer, string, arrays or undefined; we use strings. */
export function decodeHeaders(raw: Record<string, unknown> | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined && last !== null) headers[name] = Buffer.isBuffer(last) ? last.toString('utf8') : String(last);
  }
  return headers;
}
