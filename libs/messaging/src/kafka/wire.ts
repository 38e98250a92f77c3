// The few Kafka requests this library sends itself, because kafkajs cannot send them without
// fetching every topic's metadata (and failing when any partition in the cluster has no
// leader): one request/response exchange with any bootstrap broker. The connection is made
// like the kafkajs client's of createKafkaClient: plain TCP or TLS, then SASL when configured.
import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { PLAINTEXT, type KafkaSecurity } from '../config/kafka-security.js';
import { accessDeniedFrom } from './access-denied.js';
import { tlsOptions } from './client.js';
import type { Reader } from './wire-codec.js';
import { WireLink, type WireRequest } from './wire-link.js';
import { authenticate } from './wire-sasl.js';

export { Reader, Writer } from './wire-codec.js';
export type { WireRequest } from './wire-link.js';

/** Where and as whom the requests go: a client's KafkaConnection has these. */
export interface WireTarget {
  brokers: readonly string[];
  clientId: string;
  security?: KafkaSecurity;
}

/** A broker address of KAFKA_BROKERS (`host:port`, `[v6]:port`) as net.connect takes it. */
export function hostAndPort(address: string): { host: string; port: number } {
  const separator = address.lastIndexOf(':');
  return { host: address.slice(0, separator).replace(/^\[|\]$/g, ''), port: Number(address.slice(separator + 1)) };
}

function open(address: string, security: KafkaSecurity): Socket {
  const { host, port } = hostAndPort(address);
  if (!security.tls) return connectTcp({ host, port });
  // SNI only for names (an IP address as servername is refused by RFC 6066).
  return connectTls({ host, port, ...(isIP(host) === 0 && { servername: host }), ...tlsOptions(security) });
}

/**
 * Sends one request to `address` (host:port), after TLS and SASL when `security` asks, and
 * returns the response body after its header. Always settles within `timeoutMs`, whatever
 * the peer does: a connection closed before the whole answer, a stall, a refused login or
 * bytes that are no Kafka frame reject the request (never throw out of a socket listener).
 */
export async function exchange(
  address: string,
  request: WireRequest,
  timeoutMs: number,
  security = PLAINTEXT,
  clientId = 'tacocloud',
): Promise<Reader> {
  const link = new WireLink(open(address, security), clientId);
  // A deadline of our own: the socket's idle timer is cleared when the socket is destroyed
  // and restarts with every byte, so a peer that trickles bytes would never time out.
  const deadline = setTimeout(() => link.fail(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  try {
    await authenticate(link, security);
    return await link.request(request);
  } finally {
    clearTimeout(deadline);
    link.fail(new Error('exchange finished'));
  }
}

/** Tries each bootstrap address in turn until one answers; a refused login ends the tries at once. */
export async function exchangeWithAny<T>(
  target: WireTarget,
  request: WireRequest,
  timeoutMs: number,
  read: (reader: Reader) => T,
): Promise<T> {
  const errors: string[] = [];
  for (const address of target.brokers) {
    try {
      return read(await exchange(address, request, timeoutMs, target.security, target.clientId));
    } catch (error) {
      const denied = accessDeniedFrom(error);
      if (denied) throw denied;
      errors.push(`${address}: ${(error as Error).message}`);
    }
  }
  throw new Error(`no broker answered (${errors.join('; ')})`);
}
