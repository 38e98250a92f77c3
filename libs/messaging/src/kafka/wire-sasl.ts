// SASL on a wire link, as Kafka's clients do it: a SaslHandshake naming the mechanism, then
// SaslAuthenticate round trips carrying PLAIN's one message or SCRAM's two.
import type { KafkaSecurity } from '../config/kafka-security.js';
import { KafkaAccessDeniedError } from '../errors.js';
import { ScramClient, ScramError } from './scram.js';
import { Writer, type Reader } from './wire-codec.js';
import type { WireLink } from './wire-link.js';

const SASL_HANDSHAKE = { apiKey: 17, apiVersion: 1 };
/** v1: non-flexible and still served by Kafka 4 (KIP-896 removed only v0). */
const SASL_AUTHENTICATE = { apiKey: 36, apiVersion: 1 };
const UNSUPPORTED_SASL_MECHANISM = 33;

/** Logs `link` in as the configured principal; does nothing without SASL. */
export async function authenticate(link: WireLink, { sasl }: KafkaSecurity): Promise<void> {
  if (!sasl) return;
  const handshake = await link.request({ ...SASL_HANDSHAKE, body: new Writer().string(sasl.mechanism).toBuffer() });
  const code = handshake.int16();
  const offered = handshake.array(() => handshake.string());
  if (code === UNSUPPORTED_SASL_MECHANISM) {
    throw new KafkaAccessDeniedError(
      `the broker does not offer SASL ${sasl.mechanism} (it offers: ${offered.join(', ') || 'none'}); check KAFKA_SASL_MECHANISM`,
    );
  }
  if (code !== 0) throw new Error(`SaslHandshake failed with error code ${code}`);
  const password = sasl.password.reveal();
  if (sasl.mechanism === 'PLAIN') {
    await send(link, Buffer.from(`\0${sasl.username}\0${password}`, 'utf8'));
    return;
  }
  const scram = new ScramClient(sasl.mechanism, sasl.username, password);
  try {
    const serverFirst = await send(link, Buffer.from(scram.firstMessage(), 'utf8'));
    const serverFinal = await send(link, Buffer.from(await scram.finalMessage(serverFirst.toString('utf8')), 'utf8'));
    scram.verifyServerFinal(serverFinal.toString('utf8'));
  } catch (error) {
    if (error instanceof ScramError) throw new KafkaAccessDeniedError(`SASL ${sasl.mechanism} failed: ${error.message}`, { cause: error });
    throw error;
  }
}

/** One SaslAuthenticate round trip; the broker's refusal (SASL_AUTHENTICATION_FAILED) becomes access denied. */
async function send(link: WireLink, authBytes: Buffer): Promise<Buffer> {
  const reader: Reader = await link.request({ ...SASL_AUTHENTICATE, body: new Writer().bytes(authBytes).toBuffer() });
  const code = reader.int16();
  const message = reader.string();
  if (code !== 0) {
    throw new KafkaAccessDeniedError(
      `Kafka refused the SASL credentials: ${message ?? `error code ${code}`} (check KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and the password)`,
    );
  }
  return reader.bytes() ?? Buffer.alloc(0);
}
