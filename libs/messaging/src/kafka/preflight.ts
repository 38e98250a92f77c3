// kafkajs retries a connection whose TLS handshake failed (an untrusted certificate) for about
// 40 s before it gives up. Our own wire client asks the cluster once first: a refusal (the
// certificate, the credentials) then ends start-up at once, and a cluster that is down fails
// the try in seconds, for the caller's start-up retries.
import type { Kafka } from 'kafkajs';
import { connectionOf } from './client.js';
import { describeBrokers } from './describe-brokers.js';

const PREFLIGHT_TIMEOUT_MS = 5_000;

export async function assertBrokersAnswer(kafka: Kafka): Promise<void> {
  await describeBrokers(connectionOf(kafka), PREFLIGHT_TIMEOUT_MS);
}
