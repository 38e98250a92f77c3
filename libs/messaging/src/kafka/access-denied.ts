// Tells a refusal no retry can fix (wrong credentials, an untrusted certificate, a missing ACL)
// from an outage, so start-up stops with one clear line instead of retrying forever.
import { KafkaAccessDeniedError } from '../errors.js';

/** Kafka's authorization and authentication error types, as kafkajs names them. */
const REFUSALS: Readonly<Record<string, string>> = {
  SASL_AUTHENTICATION_FAILED: 'Kafka refused the SASL credentials',
  TOPIC_AUTHORIZATION_FAILED: 'the principal is not allowed to use the topic (ACL)',
  GROUP_AUTHORIZATION_FAILED: 'the principal is not allowed to use the consumer group (ACL)',
  CLUSTER_AUTHORIZATION_FAILED: 'the principal is not allowed this cluster operation (ACL)',
  TRANSACTIONAL_ID_AUTHORIZATION_FAILED: 'the principal is not allowed this transactional id (ACL)',
};

/** Node's TLS verification failures: the CA bundle or the broker's certificate must change. */
const TLS_TRUST_FAILURES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** The same failures by Node's wording, for wrappers (kafkajs's retrier) that keep only the message. */
const TLS_TRUST_MESSAGE =
  /self[- ]signed certificate|unable to verify the first certificate|unable to get local issuer certificate|does not match certificate's altnames|certificate has expired|certificate is not yet valid/i;

/** The access-denied error `error` amounts to, or undefined when it is something else. */
export function accessDeniedFrom(error: unknown): KafkaAccessDeniedError | undefined {
  if (error instanceof KafkaAccessDeniedError) return error;
  for (let cause = error; cause instanceof Error; cause = (cause as { cause?: unknown }).cause) {
    const { name, type, code } = cause as Error & { type?: string; code?: string };
    if (name === 'KafkaJSSASLAuthenticationError' || type === 'SASL_AUTHENTICATION_FAILED') {
      return new KafkaAccessDeniedError(
        `${REFUSALS.SASL_AUTHENTICATION_FAILED}: ${cause.message} (check KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and the password)`,
        { cause: error },
      );
    }
    if (type !== undefined && type in REFUSALS) return new KafkaAccessDeniedError(`${REFUSALS[type]}: ${cause.message}`, { cause: error });
    if ((code !== undefined && TLS_TRUST_FAILURES.has(code)) || TLS_TRUST_MESSAGE.test(cause.message)) {
      return new KafkaAccessDeniedError(`the broker's TLS certificate is not trusted: ${cause.message} (check KAFKA_SSL_CA_LOCATION)`, {
        cause: error,
      });
    }
  }
  return undefined;
}
