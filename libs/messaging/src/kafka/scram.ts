// The client side of SCRAM (RFC 5802, RFC 7677) for the wire requests of wire.ts: kafkajs has
// its own, but only inside its connection, which cannot send those requests.
import { createHash, createHmac, pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const pbkdf2Async = promisify(pbkdf2);

export type ScramMechanism = 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

/** Kafka's own bounds (ScramMechanism): fewer is refused by brokers; more is a peer making us burn CPU. */
const MIN_ITERATIONS = 4096;
const MAX_ITERATIONS = 16384;
/** GS2 header "no channel binding, no authorization identity", base64'd in the final message. */
const GS2_HEADER = 'n,,';

const saslName = (name: string) => name.replace(/=/g, '=3D').replace(/,/g, '=2C');

function attributes(message: string): Map<string, string> {
  return new Map(message.split(',').map((part) => [part.slice(0, 1), part.slice(2)]));
}

export class ScramClient {
  private readonly hash: 'sha256' | 'sha512';
  private readonly firstBare: string;
  private expectedServerSignature?: Buffer;

  constructor(
    mechanism: ScramMechanism,
    username: string,
    private readonly password: string,
    private readonly nonce = randomBytes(24).toString('base64'),
  ) {
    this.hash = mechanism === 'SCRAM-SHA-256' ? 'sha256' : 'sha512';
    this.firstBare = `n=${saslName(username)},r=${this.nonce}`;
  }

  firstMessage(): string {
    return GS2_HEADER + this.firstBare;
  }

  /** The client-final message answering `serverFirst`, with the proof of the password. */
  async finalMessage(serverFirst: string): Promise<string> {
    const server = attributes(serverFirst);
    if (server.has('e')) throw new ScramError(`the broker refused: ${server.get('e')}`);
    const nonce = server.get('r') ?? '';
    const salt = Buffer.from(server.get('s') ?? '', 'base64');
    const iterations = Number(server.get('i'));
    if (!nonce.startsWith(this.nonce) || nonce.length === this.nonce.length)
      throw new ScramError('the broker answered with a foreign nonce');
    if (salt.length === 0) throw new ScramError('the broker sent no salt');
    if (!Number.isInteger(iterations) || iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
      throw new ScramError(`the broker asked for ${server.get('i')} iterations (Kafka uses ${MIN_ITERATIONS}-${MAX_ITERATIONS})`);
    }
    const withoutProof = `c=${Buffer.from(GS2_HEADER).toString('base64')},r=${nonce}`;
    const authMessage = `${this.firstBare},${serverFirst},${withoutProof}`;
    const salted = await pbkdf2Async(this.password, salt, iterations, createHash(this.hash).digest().length, this.hash);
    const clientKey = this.hmac(salted, 'Client Key');
    const clientSignature = this.hmac(createHash(this.hash).update(clientKey).digest(), authMessage);
    const proof = Buffer.from(clientKey.map((byte, i) => byte ^ clientSignature[i]!));
    this.expectedServerSignature = this.hmac(this.hmac(salted, 'Server Key'), authMessage);
    return `${withoutProof},p=${proof.toString('base64')}`;
  }

  /** Checks the broker knows the password too: a server-final message with the wrong signature is an impostor. */
  verifyServerFinal(serverFinal: string): void {
    const server = attributes(serverFinal);
    if (server.has('e')) throw new ScramError(`the broker refused: ${server.get('e')}`);
    const signature = Buffer.from(server.get('v') ?? '', 'base64');
    const expected = this.expectedServerSignature;
    if (!expected || signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
      throw new ScramError('the broker did not prove it knows the credentials (bad server signature)');
    }
  }

  private hmac(key: Buffer, text: string): Buffer {
    return createHmac(this.hash, key).update(text).digest();
  }
}

export class ScramError extends Error {
  override readonly name = 'ScramError';
}
